/**
 * Demo policy reports for the Goldpath policy plugin.
 *
 * @packageDocumentation
 */

export { policyModuleDemoData as default } from './module';
export {
  demoAudits,
  DEMO_CLUSTER,
  DEMO_PIPELINE,
  type DemoAudit,
  type DemoUpload,
} from './reports';
