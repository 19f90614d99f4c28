/*
 * Copied into the install check's fresh app as packages/app/src/goldpath.ts
 * (scripts/install-check/run.sh): every Goldpath frontend package's /alpha
 * default feature and its legacy exports must type-check and bundle from the
 * packed tarballs. The app itself needs none of this with `app.packages: all`.
 */

// New frontend system
import doraPlugin from '@goldpath/plugin-dora/alpha';
import policyPlugin from '@goldpath/plugin-policy/alpha';
import goldpathCatalogModule, {
  catalogPolicyColumnModule,
} from '@goldpath/plugin-catalog-module-goldpath/alpha';
import goldpathScaffolderModule from '@goldpath/plugin-scaffolder-module-goldpath/alpha';

// Legacy frontend system
import {
  doraPlugin as legacyDoraPlugin,
  EntityDoraScorecardCard,
  EntityDoraModelHealthCard,
  EntityDoraContent,
  DoraFleetPage,
  DoraAdoptionPage,
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

export const goldpathFeatures = [
  doraPlugin,
  policyPlugin,
  goldpathCatalogModule,
  catalogPolicyColumnModule,
  goldpathScaffolderModule,
];

export const goldpathLegacy = {
  plugins: [legacyDoraPlugin, legacyPolicyPlugin, goldpathCatalogPlugin],
  components: {
    EntityDoraScorecardCard,
    EntityDoraModelHealthCard,
    EntityDoraContent,
    DoraFleetPage,
    DoraAdoptionPage,
    EntityPolicySummaryCard,
    EntityPolicyCard,
    PolicyOverviewPage,
    EntityContractCard,
    EntityTemplateAttributionCard,
    PolicyStatusPicker,
    GoldpathContractFormFieldExtension,
  },
  conditions: {
    isDoraModelHealthAvailable,
    isPolicyAvailable,
    isContractAvailable,
    isTemplateAttributionAvailable,
  },
  columns: [createPolicyStatusColumn()],
};
