import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `goldpath:contract:validate`, run by its tests. */
export const validateContractExamples: TemplateExample[] = [
  {
    description: "Check the form's values against a building block's contract",
    example: yaml.stringify({
      steps: [
        {
          id: 'contract',
          action: 'goldpath:contract:validate',
          name: 'Check the inputs of the VPC module',
          input: {
            block: 'resource:default/vpc-module',
            values: {
              cidr: '${{ parameters.cidr }}',
              azCount: '${{ parameters.azCount }}',
            },
          },
        },
      ],
    }),
  },
  {
    description: 'Also check the region against constraints.regions',
    example: yaml.stringify({
      steps: [
        {
          id: 'contract',
          action: 'goldpath:contract:validate',
          name: 'Check the inputs and the region',
          input: {
            block: 'resource:default/vpc-module',
            values: { cidr: '10.0.0.0/16' },
            region: 'eu-west-1',
          },
        },
      ],
    }),
  },
];
