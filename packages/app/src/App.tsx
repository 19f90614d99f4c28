import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogPolicyColumnModule } from '@goldpath/plugin-catalog-module-goldpath/alpha';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

// Every other frontend plugin (scaffolder, org, Goldpath's dora, policy and
// catalog cards, ...) is discovered from this package's dependencies
// (`app.packages: all`). The policy-status column of the catalog index is
// opt-in, so it is named here.
export default createApp({
  features: [catalogPlugin, catalogPolicyColumnModule, navModule, signInModule],
});
