// i18next setup: zh-CN by default, English on request. The choice is kept in cookie btp_lang,
// which the server also reads so its error messages come back in the same language.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.js';
import zhCN from './zh-CN.js';

export type Lang = 'zh-CN' | 'en';
export const LANG_COOKIE = 'btp_lang';

function readLangCookie(): Lang | null {
  const match = /(?:^|;\s*)btp_lang=([^;]*)/.exec(document.cookie);
  const value = match?.[1] ? decodeURIComponent(match[1]) : null;
  return value === 'en' || value === 'zh-CN' ? value : null;
}

export function initialLang(): Lang {
  return readLangCookie() ?? 'zh-CN';
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initialLang(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});
document.documentElement.lang = i18n.language;

export function currentLang(): Lang {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

/** Switches the UI language and remembers it for the server (error messages) and next visit. */
export function setLang(lang: Lang): void {
  document.cookie = `${LANG_COOKIE}=${lang}; path=/; max-age=31536000; samesite=lax`;
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

export default i18n;
