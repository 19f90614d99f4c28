import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';

// Every other frontend plugin (scaffolder, org, Goldpath's dora, ...) is
// discovered from this package's dependencies (`app.packages: all`).
export default createApp({
  features: [catalogPlugin, navModule],
});
