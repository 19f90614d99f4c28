/**
 * Demo delivery history for the Goldpath dora plugin.
 *
 * @packageDocumentation
 */

export { doraModuleDemoData as default } from './module';
export { generateDemoEvents, type DemoServiceProfile } from './generator';
export { EXAMPLE_ORG_PROFILES } from './profiles';
export { generateDemoTickets } from './tickets';
