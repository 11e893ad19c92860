// i18next setup: zh-CN by default, English on request. The choice is kept in cookie btp_lang,
// which the server also reads so its error messages come back in the same language.
// Only the Chinese catalogue is in the first download; English (with antd's English locale)
// is a chunk of its own, fetched when chosen.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setEnglishAntLocale } from './antd-locale.js';
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
  resources: { 'zh-CN': { translation: zhCN } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});
document.documentElement.lang = i18n.language;

let english: Promise<void> | null = null;

/** Fetches the English catalogue and antd's English locale once. */
function loadEnglish(): Promise<void> {
  english ??= import('./en-bundle.js').then(({ en, antdEnUS }) => {
    i18n.addResourceBundle('en', 'translation', en);
    setEnglishAntLocale(antdEnUS);
  });
  return english;
}

/** Shows the UI in `lang` once its catalogue is here (zh-CN is always here). */
async function showLanguage(lang: Lang): Promise<void> {
  if (lang === 'en') await loadEnglish();
  document.documentElement.lang = lang;
  await i18n.changeLanguage(lang);
}

/**
 * Before the first render: the language of the cookie. If English cannot be fetched (offline,
 * never cached) the page stays in Chinese rather than not showing at all.
 */
export async function startI18n(): Promise<void> {
  const lang = initialLang();
  if (lang === 'zh-CN') return;
  try {
    await showLanguage(lang);
  } catch {
    // keep zh-CN
  }
}

export function currentLang(): Lang {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

/** Switches the UI language and remembers it for the server (error messages) and next visit. */
export async function setLang(lang: Lang): Promise<void> {
  await showLanguage(lang);
  document.cookie = `${LANG_COOKIE}=${lang}; path=/; max-age=31536000; samesite=lax`;
}

export default i18n;
