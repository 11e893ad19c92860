// Everything English, in one chunk loaded when a visitor picks EN: the catalogue and antd's
// English locale (date pickers, pagination, empty states).
import enUSModule from 'antd/locale/en_US.js';
import { antLocale } from './antd-locale.js';
import en from './en.js';

export const antdEnUS = antLocale(enUSModule);
export { en };
