import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { doraApi } from './alpha/apis';
import { entityDoraScorecardCard } from './alpha/entityCards';

/**
 * The DORA plugin for the new frontend system: the DORA API and the
 * `entity-card:dora/scorecard` card on component entity pages.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'dora',
  title: 'DORA',
  info: { packageJson: () => import('../package.json') },
  extensions: [doraApi, entityDoraScorecardCard],
});

export { doraApiRef } from './api';
export type { DoraApi } from './api';
