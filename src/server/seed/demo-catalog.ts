import type { PolicyKind } from '../../domain/after-sales-policy.js';

export interface DemoProduct {
  title: string;
  titleEn: string;
  description: string;
  hue: number;
  policy: PolicyKind;
  feeKind?: 'percent' | 'fixed';
  feeValue?: number;
  bundle?: boolean;
  variants: { name: string; nameEn: string; priceFen: number; stock: number }[];
}

export interface DemoShop {
  name: string;
  nameEn: string;
  shippingFeeFen: number;
  freeShippingOverFen: number | null;
  promoThresholdFen: number | null;
  promoDiscountFen: number;
  products: DemoProduct[];
}

const v = (name: string, nameEn: string, priceFen: number, stock = 200) => ({
  name,
  nameEn,
  priceFen,
  stock,
});

/** Two shops, 22 products, every after-sales policy kind. Prices in fen. */
export const DEMO_SHOPS: DemoShop[] = [
  {
    name: '数码优选旗舰店',
    nameEn: 'Digital Select Flagship',
    shippingFeeFen: 1000,
    freeShippingOverFen: 9900,
    promoThresholdFen: 50000,
    promoDiscountFen: 3000,
    products: [
      {
        title: '无线降噪耳机 Pro',
        titleEn: 'Wireless ANC Earbuds Pro',
        description: '主动降噪，30 小时续航。',
        hue: 210,
        policy: 'full_refund',
        variants: [v('曜石黑', 'Obsidian', 89900), v('月光白', 'Moon White', 89900)],
      },
      {
        title: '65W 氮化镓快充头',
        titleEn: '65W GaN Charger',
        description: '三口快充，折叠插脚。',
        hue: 190,
        policy: 'full_refund',
        variants: [v('白色', 'White', 12900)],
      },
      {
        title: '机械键盘 K8',
        titleEn: 'Mechanical Keyboard K8',
        description: '热插拔轴体，三模连接。',
        hue: 230,
        policy: 'refund_minus_fee',
        feeKind: 'percent',
        feeValue: 500,
        variants: [v('红轴', 'Red switch', 45900), v('茶轴', 'Brown switch', 45900)],
      },
      {
        title: '4K 便携显示器',
        titleEn: '4K Portable Monitor',
        description: '15.6 英寸，Type-C 一线连接。',
        hue: 250,
        policy: 'refund_minus_fee',
        feeKind: 'fixed',
        feeValue: 2000,
        variants: [v('标准版', 'Standard', 159900, 50)],
      },
      {
        title: '智能手表 S3',
        titleEn: 'Smart Watch S3',
        description: '心率血氧监测，14 天续航。',
        hue: 170,
        policy: 'no_refund_after_shipment',
        variants: [v('42mm 黑色', '42mm Black', 129900), v('46mm 银色', '46mm Silver', 139900)],
      },
      {
        title: '定制刻字 U 盘 128G',
        titleEn: 'Engraved USB Drive 128G',
        description: '激光刻字，专属定制。',
        hue: 30,
        policy: 'non_cancellable',
        variants: [v('金属银', 'Silver', 9900)],
      },
      {
        title: '蓝牙音箱 Mini',
        titleEn: 'Bluetooth Speaker Mini',
        description: 'IPX7 防水，户外好伙伴。',
        hue: 200,
        policy: 'full_refund',
        variants: [v('湖水蓝', 'Lake Blue', 19900), v('珊瑚橙', 'Coral', 19900)],
      },
      {
        title: '手机壳（磁吸款）',
        titleEn: 'Magnetic Phone Case',
        description: '支持磁吸充电。',
        hue: 280,
        policy: 'full_refund',
        variants: [v('透明', 'Clear', 4900, 500)],
      },
      {
        title: '电竞鼠标 G5',
        titleEn: 'Gaming Mouse G5',
        description: '26000 DPI，轻量化设计。',
        hue: 0,
        policy: 'refund_minus_fee',
        feeKind: 'percent',
        feeValue: 300,
        variants: [v('黑色', 'Black', 29900)],
      },
      {
        title: '平板电脑保护套',
        titleEn: 'Tablet Cover',
        description: '三折支架，自动休眠。',
        hue: 150,
        policy: 'full_refund',
        variants: [v('11 英寸', '11-inch', 8900), v('13 英寸', '13-inch', 9900)],
      },
      {
        title: '移动电源 20000mAh',
        titleEn: 'Power Bank 20000mAh',
        description: '双向快充。',
        hue: 60,
        policy: 'no_refund_after_shipment',
        variants: [v('黑色', 'Black', 15900)],
      },
    ],
  },
  {
    name: '山野生活家居馆',
    nameEn: 'Mountain Living Home',
    shippingFeeFen: 800,
    freeShippingOverFen: 19900,
    promoThresholdFen: 30000,
    promoDiscountFen: 2000,
    products: [
      {
        title: '有机绿茶礼盒',
        titleEn: 'Organic Green Tea Gift Box',
        description: '明前春茶，250g。',
        hue: 110,
        policy: 'full_refund',
        variants: [v('250g', '250g', 16800)],
      },
      {
        title: '纯棉四件套',
        titleEn: 'Cotton Bedding Set',
        description: '60 支长绒棉。',
        hue: 340,
        policy: 'refund_minus_fee',
        feeKind: 'fixed',
        feeValue: 1500,
        variants: [v('1.5m 床', '1.5m bed', 39900), v('1.8m 床', '1.8m bed', 45900)],
      },
      {
        title: '陶瓷餐具 16 件套',
        titleEn: 'Ceramic Tableware 16 pcs',
        description: '釉下彩，可进洗碗机。',
        hue: 40,
        policy: 'full_refund',
        variants: [v('青花', 'Blue & white', 29900)],
      },
      {
        title: '定制实木相框',
        titleEn: 'Custom Wooden Photo Frame',
        description: '按您的照片定制。',
        hue: 25,
        policy: 'non_cancellable',
        variants: [v('7 寸', '7-inch', 6900), v('10 寸', '10-inch', 8900)],
      },
      {
        title: '香薰蜡烛',
        titleEn: 'Scented Candle',
        description: '大豆蜡，约 40 小时。',
        hue: 300,
        policy: 'no_refund_after_shipment',
        variants: [v('雪松', 'Cedar', 7900), v('白茶', 'White tea', 7900)],
      },
      {
        title: '不锈钢保温杯',
        titleEn: 'Insulated Bottle',
        description: '12 小时保温。',
        hue: 180,
        policy: 'full_refund',
        variants: [v('500ml', '500ml', 9900)],
      },
      {
        title: '竹纤维毛巾（3 条装）',
        titleEn: 'Bamboo Towels (3-pack)',
        description: '柔软吸水。',
        hue: 90,
        policy: 'full_refund',
        variants: [v('浅灰', 'Light grey', 5900, 500)],
      },
      {
        title: '手工羊毛地毯',
        titleEn: 'Handmade Wool Rug',
        description: '160×230cm。',
        hue: 15,
        policy: 'refund_minus_fee',
        feeKind: 'percent',
        feeValue: 1000,
        variants: [v('米白', 'Ivory', 169900, 20)],
      },
      {
        title: '北欧落地灯',
        titleEn: 'Nordic Floor Lamp',
        description: '三档调光。',
        hue: 45,
        policy: 'full_refund',
        variants: [v('原木色', 'Natural wood', 35900)],
      },
      {
        title: '刻名定制茶杯',
        titleEn: 'Engraved Tea Cup',
        description: '刻上您的名字。',
        hue: 130,
        policy: 'non_cancellable',
        variants: [v('白瓷', 'White porcelain', 4900)],
      },
      {
        title: '坚果零食大礼包',
        titleEn: 'Nut Snack Gift Pack',
        description: '每日坚果 30 包。',
        hue: 35,
        policy: 'no_refund_after_shipment',
        variants: [v('30 包', '30 packs', 12900)],
      },
    ],
  },
];
