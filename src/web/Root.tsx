// Providers: antd theme and locale (following the UI language), TanStack Query, the router.
import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import type { ConfigProviderProps } from 'antd';
import enUSModule from 'antd/locale/en_US.js';
import zhCNModule from 'antd/locale/zh_CN.js';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { queryClient } from './api/query-client.js';
import { router } from './router.js';

type AntLocale = NonNullable<ConfigProviderProps['locale']>;

/** antd's locale files are CommonJS: depending on the bundler's interop the default import is
 * the locale itself or the module object holding it under `default`. */
function antLocale(mod: unknown): AntLocale {
  const m = mod as { default?: AntLocale } & Partial<AntLocale>;
  return (typeof m.locale === 'string' ? m : m.default) as AntLocale;
}
const zhCN = antLocale(zhCNModule);
const enUS = antLocale(enUSModule);

const theme = {
  token: {
    colorPrimary: '#ff5000',
    colorLink: '#ff5000',
    borderRadius: 8,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif',
  },
};

export function Root() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={theme}
      // antd would render 登录 as 登 录: keep labels exactly as written (accessible names).
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
