// antd's theme, locale and App (message, notification, modal hooks) for the pages built with
// antd. A chunk of its own, loaded with the first such page: the shop frame and 我的订单 are
// built without antd (src/web/lite), so a shopper's first visit to 我的订单 downloads none of it.
import { App as AntApp, ConfigProvider } from 'antd';
import zhCNModule from 'antd/locale/zh_CN.js';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { antLocale, englishAntLocale, type AntLocale } from '../i18n/antd-locale.js';

const zhCN = antLocale(zhCNModule);

/** English once its chunk has arrived (i18n/index.ts fetches it before switching). */
function antLocaleFor(lang: string): AntLocale {
  return (lang === 'en' ? englishAntLocale() : null) ?? zhCN;
}

// Text and controls use a deeper orange than the brand's #ff5000 (logo, header rule, theme
// colour), and secondary text is darker than antd's: both reach WCAG AA contrast (4.5:1) on
// white and on the page's grey. src/web/lite/lite.css repeats these colours.
const theme = {
  token: {
    colorPrimary: '#c73c00',
    colorLink: '#c73c00',
    // Hovered text darkens rather than lightens (antd's derived hover orange is below 4.5:1):
    // a control under the pointer keeps its contrast too.
    colorPrimaryHover: '#a83300',
    colorLinkHover: '#a83300',
    colorTextSecondary: 'rgba(0, 0, 0, 0.6)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.58)',
    // antd's status colours are too light for text and for white text on them.
    colorError: '#cf1322',
    colorSuccess: '#237804',
    colorWarning: '#ad6800',
    colorInfo: '#0958d9',
    borderRadius: 8,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif',
  },
};

// Someone who asked their system for less motion gets dialogs, menus and messages that appear
// without zooming or sliding (WCAG 2.3.3).
const reducedMotionTheme = { ...theme, token: { ...theme.token, motion: false } };

function prefersReducedMotion(): boolean {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export function AntdScope({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={antLocaleFor(i18n.language)}
      theme={prefersReducedMotion() ? reducedMotionTheme : theme}
      // antd would render 登录 as 登 录: keep labels exactly as written (accessible names).
      button={{ autoInsertSpace: false }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
