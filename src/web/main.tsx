// Browser entry: i18n first (the language of the cookie), then the app.
import { startI18n } from './i18n/index.js';
import './styles.css';
import './lite/lite.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startServiceWorker } from './offline/register.js';
import { Root } from './Root.js';

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');
void startI18n().then(() =>
  createRoot(container).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  ),
);
startServiceWorker();
