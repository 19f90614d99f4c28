/**
 * Goldpath's scaffolder actions: template attribution in catalog-info.yaml
 * (`goldpath:attribution:write`), scaffold events for the dora plugin
 * (`goldpath:event:emit`), building-block contract checks
 * (`goldpath:contract:validate`) and self-service requests
 * (`goldpath:request:create`).
 *
 * @packageDocumentation
 */

export { scaffolderModuleGoldpath as default } from './module';
export {
  createWriteAttributionAction,
  type WriteAttributionActionOptions,
} from './actions/writeAttribution';
export {
  createEmitEventAction,
  type EmitEventActionOptions,
} from './actions/emitEvent';
export {
  createValidateContractAction,
  type ValidateContractActionOptions,
} from './actions/validateContract';
export {
  createCreateRequestAction,
  type CreateRequestActionOptions,
} from './actions/createRequest';
