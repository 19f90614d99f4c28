/*
 * Copied into the install check's fresh app as packages/app/src/goldpath.ts
 * (scripts/install-check/run.sh): every Goldpath frontend package's /alpha
 * default feature and its legacy exports must type-check (the app's `yarn tsc`)
 * against the packed tarballs. Nothing imports this file, so the app build
 * does not bundle it. The app itself needs none of this with `app.packages: all`.
 */

// New frontend system
import doraPlugin from '@goldpath/plugin-dora/alpha';
import policyPlugin from '@goldpath/plugin-policy/alpha';
import goldpathCatalogModule, {
  catalogPolicyColumnModule,
} from '@goldpath/plugin-catalog-module-goldpath/alpha';
import goldpathScaffolderModule from '@goldpath/plugin-scaffolder-module-goldpath/alpha';
import requestsPlugin from '@goldpath/plugin-requests/alpha';
import auditPlugin from '@goldpath/plugin-audit/alpha';

// Legacy frontend system
import {
  doraPlugin as legacyDoraPlugin,
  EntityDoraScorecardCard,
  EntityDoraModelHealthCard,
  EntityDoraContent,
  DoraFleetPage,
  DoraAdoptionPage,
  DoraTicketsPage,
  isDoraModelHealthAvailable,
} from '@goldpath/plugin-dora';
import {
  policyPlugin as legacyPolicyPlugin,
  EntityPolicySummaryCard,
  EntityPolicyCard,
  PolicyOverviewPage,
  isPolicyAvailable,
} from '@goldpath/plugin-policy';
import {
  goldpathCatalogPlugin,
  EntityContractCard,
  EntityTemplateAttributionCard,
  PolicyStatusPicker,
  createPolicyStatusColumn,
  isContractAvailable,
  isTemplateAttributionAvailable,
} from '@goldpath/plugin-catalog-module-goldpath';
import { GoldpathContractFormFieldExtension } from '@goldpath/plugin-scaffolder-module-goldpath';
import {
  requestsPlugin as legacyRequestsPlugin,
  RequestsPage,
} from '@goldpath/plugin-requests';
import {
  auditPlugin as legacyAuditPlugin,
  AuditLogPage,
} from '@goldpath/plugin-audit';

export const goldpathFeatures = [
  doraPlugin,
  policyPlugin,
  goldpathCatalogModule,
  catalogPolicyColumnModule,
  goldpathScaffolderModule,
  requestsPlugin,
  auditPlugin,
];

export const goldpathLegacy = {
  plugins: [
    legacyDoraPlugin,
    legacyPolicyPlugin,
    goldpathCatalogPlugin,
    legacyRequestsPlugin,
    legacyAuditPlugin,
  ],
  components: {
    EntityDoraScorecardCard,
    EntityDoraModelHealthCard,
    EntityDoraContent,
    DoraFleetPage,
    DoraAdoptionPage,
    DoraTicketsPage,
    EntityPolicySummaryCard,
    EntityPolicyCard,
    PolicyOverviewPage,
    EntityContractCard,
    EntityTemplateAttributionCard,
    PolicyStatusPicker,
    GoldpathContractFormFieldExtension,
    RequestsPage,
    AuditLogPage,
  },
  conditions: {
    isDoraModelHealthAvailable,
    isPolicyAvailable,
    isContractAvailable,
    isTemplateAttributionAvailable,
  },
  columns: [createPolicyStatusColumn()],
};
