// Which part of the code may import which (docs/architecture.md).
// `npm run check` runs this; a forbidden import fails the check with the rule's name.

/**
 * Server modules and the other modules each may import. Anything else between modules is
 * forbidden. The table is a DAG (checked below), so module folders cannot import in a circle.
 */
const MODULES = {
  accounts: [],
  catalog: [],
  settings: [],
  'merchant-webhooks': [],
  staff: [],
  retention: [],
  coupons: [],
  orders: ['catalog', 'coupons'],
  cart: ['catalog', 'orders'],
  merchant: ['catalog', 'orders'],
  refunds: ['orders'],
  payments: ['orders', 'refunds', 'settings'],
  cancellation: ['coupons', 'orders', 'payments', 'refunds', 'settings'],
  'after-sales': ['orders', 'refunds', 'settings'],
  'address-change': ['orders', 'settings'],
  'staff-refunds': ['orders', 'refunds', 'settings'],
  notifications: ['accounts'],
  support: ['after-sales', 'cancellation', 'orders', 'refunds', 'settings'],
  ops: ['orders', 'refunds', 'settings', 'support'],
};

// Refuse a table with a cycle: the order of modules must stay a hierarchy.
(function assertAcyclic() {
  const state = {};
  const visit = (m, path) => {
    if (state[m] === 'done') return;
    if (state[m] === 'open')
      throw new Error(`module table has a cycle: ${[...path, m].join(' → ')}`);
    state[m] = 'open';
    for (const dep of MODULES[m] ?? []) visit(dep, [...path, m]);
    state[m] = 'done';
  };
  for (const m of Object.keys(MODULES)) visit(m, []);
})();

const esc = (s) => s.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&');
const known = Object.keys(MODULES).map(esc).join('|');

const moduleRules = Object.entries(MODULES).map(([name, allowed]) => ({
  name: `module-${name}`,
  comment: `modules/${name} may import only ${allowed.length ? allowed.join(', ') : 'no other module'}`,
  severity: 'error',
  from: { path: `^src/server/modules/${esc(name)}/` },
  to: {
    path: '^src/server/modules/([^/]+)/',
    pathNot: `^src/server/modules/(${[name, ...allowed].map(esc).join('|')})/`,
  },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...moduleRules,
    {
      name: 'module-unknown',
      comment: 'every module folder is listed in MODULES (.dependency-cruiser.cjs)',
      severity: 'error',
      from: { path: '^src/server/modules/' },
      to: { path: '^src/server/modules/', pathNot: `^src/server/modules/(${known})/` },
    },
    {
      name: 'no-circular',
      comment: 'files that import each other in a circle',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      comment: 'src/domain imports nothing else of the project (ESLint keeps frameworks out too)',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'platform-below-modules',
      comment: 'platform code is shared by every module and knows none of them',
      severity: 'error',
      from: { path: '^src/server/platform/', pathNot: '\\.test\\.ts$' },
      to: {
        path: '^src/server/(modules|seed|sandbox-pay)/|^src/server/(app|main|runtime|consumers|events|deps)\\.ts$',
      },
    },
    {
      name: 'routes-without-queries',
      comment:
        'route files stay thin: SQL lives in the module’s use-case and query files, not beside the HTTP handlers',
      severity: 'error',
      // Every route file (`*routes.ts`), without exceptions (docs/architecture.md).
      from: { path: 'routes\\.ts$' },
      to: { path: '^node_modules/drizzle-orm/|^src/server/platform/db/schema/' },
    },
    {
      name: 'web-not-server',
      comment: 'the browser app talks to the server only through the HTTP contracts',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/server/' },
    },
    {
      name: 'sandbox-separate',
      comment: 'the sandbox payment provider is a separate system, joined to the app by HTTP only',
      severity: 'error',
      from: { path: '^src/server/sandbox-pay/' },
      to: { path: '^src/server/(modules|platform)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count too: a type cycle couples modules as much as a value one.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    exclude: { path: '^src/web/.*\\.(css|svg|png)$' },
  },
};
