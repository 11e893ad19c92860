import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const backend = process.env.BTP_API_ORIGIN ?? 'http://localhost:3000';
const proxied = ['/api', '/img', '/docs', '/openapi.json'];

/**
 * antd's Typography imports its inline editor (a TextArea, which brings antd's whole form
 * library) whether or not `editable` is used; every page uses Typography, so that would put
 * the form library into a shopper's first download. This app never uses `editable`: the
 * editor is swapped for a stub that throws if it is ever rendered.
 */
function typographyWithoutEditor(): Plugin {
  const stub = fileURLToPath(
    new URL('./src/web/build/typography-editable-stub.ts', import.meta.url),
  );
  return {
    name: 'btp-typography-without-editor',
    enforce: 'pre',
    resolveId(source, importer) {
      if (
        source === '../Editable' &&
        importer &&
        /antd[\\/]es[\\/]typography[\\/]Base[\\/]/.test(importer)
      ) {
        return stub;
      }
      return null;
    },
  };
}

/** The scripts the service worker precaches (filled in by `findOfflineShell`). */
const offlineShell = new Set<string>();

/**
 * Lazily loaded pages a shopper can read offline (with the API answers the worker keeps), and
 * antd's providers, which the pages built with antd fetch beside their own chunk.
 */
const OFFLINE_PAGES =
  /[\\/]src[\\/]web[\\/](shopper[\\/](OrdersPage|OrderDetailPage|RefundDetailPage)|antd[\\/]AntdScope)\.tsx$/;

/**
 * The app shell for the service worker: the entry with everything it imports, the chunks of
 * OFFLINE_PAGES and the service-worker client. Other pages (the rest of the shop, the staff
 * console, English) are cached when first opened, so installing the worker downloads no more
 * than the pages that must open offline.
 */
function findOfflineShell(): Plugin {
  return {
    name: 'btp-offline-shell',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map(
        Object.values(bundle).flatMap((c) =>
          c.type === 'chunk' ? [[c.fileName, c] as const] : [],
        ),
      );
      const entries = [...chunks.values()].filter(
        (c) => c.isEntry && c.moduleIds.some((id) => id.endsWith('/main.tsx')),
      );
      // The service worker's own build passes through here too: only the app's counts.
      if (entries.length === 0) return;
      const wanted = (id: string | null) =>
        id !== null && (OFFLINE_PAGES.test(id) || id.includes('/workbox-window/'));
      const todo = entries.map((c) => c.fileName);
      for (const c of chunks.values()) if (wanted(c.facadeModuleId)) todo.push(c.fileName);
      offlineShell.clear();
      for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
        const chunk = chunks.get(file);
        if (!chunk || offlineShell.has(file)) continue;
        offlineShell.add(file);
        todo.push(...chunk.imports);
      }
    },
  };
}

// The installable app: manifest, icons, and the service worker of src/web/sw (registered from
// src/web/offline/register.ts, a script file: no inline script in index.html).
const pwa = VitePWA({
  strategies: 'injectManifest',
  srcDir: 'sw',
  filename: 'sw.ts',
  registerType: 'prompt',
  injectRegister: false,
  // The big icons are fetched by the system when installing, not by pages.
  includeManifestIcons: false,
  manifest: {
    id: '/',
    name: 'B特派',
    short_name: 'B特派',
    description: 'B特派：我的订单、取消订单、退款与售后、在线客服',
    lang: 'zh-CN',
    dir: 'ltr',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    orientation: 'portrait',
    theme_color: '#ff5000',
    background_color: '#f4f4f4',
    categories: ['shopping'],
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
    ],
  },
  injectManifest: {
    globPatterns: [
      'index.html',
      'assets/*.{js,css}',
      'icons/{icon.svg,icon-192.png,apple-touch-icon-180.png}',
    ],
    manifestTransforms: [
      (entries) => ({
        manifest: entries.filter((e) => !e.url.endsWith('.js') || offlineShell.has(e.url)),
        warnings: [],
      }),
    ],
  },
  devOptions: { enabled: false },
});

// The browser app lives in src/web; the server serves the built files from dist/web.
export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  plugins: [react(), typographyWithoutEditor(), findOfflineShell(), pwa],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // The staff dashboards' ECharts chunk is the largest (~580 kB); everything else is far below.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      treeshake: {
        // antd's core (every popup, via its ContextIsolator) imports one context from
        // @rc-component/form, whose index attaches statics to the Form component at import
        // time; the bundler must then keep the whole form library in the first download.
        // Those statics touch nothing outside the module, so it is declared free of side
        // effects: pages with forms still get all of it, the first page only the context.
        moduleSideEffects: [
          { test: /node_modules[\\/]@rc-component[\\/]form[\\/]/, sideEffects: false },
          { test: /./, sideEffects: true },
        ],
      },
    },
  },
  server: {
    proxy: Object.fromEntries(proxied.map((p) => [p, { target: backend, changeOrigin: false }])),
  },
  preview: {
    proxy: Object.fromEntries(proxied.map((p) => [p, { target: backend, changeOrigin: false }])),
  },
});
