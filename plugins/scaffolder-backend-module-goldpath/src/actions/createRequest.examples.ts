import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `goldpath:request:create`, run by its tests. */
export const createRequestExamples: TemplateExample[] = [
  {
    description:
      'Ask for database credentials, fulfilled by a scaffolder template once approved',
    example: yaml.stringify({
      steps: [
        {
          id: 'request',
          action: 'goldpath:request:create',
          name: 'Request database credentials',
          input: {
            kind: 'database-credentials',
            target: '${{ parameters.database }}',
            parameters: { access: '${{ parameters.access }}' },
            justification: '${{ parameters.reason }}',
            fulfilment: {
              type: 'scaffolder',
              templateRef: 'template:default/issue-database-credentials',
              values: {
                database: '${{ parameters.database }}',
                access: '${{ parameters.access }}',
              },
            },
          },
        },
      ],
      output: {
        links: [
          {
            title: 'Your request',
            url: '${{ steps.request.output.requestUrl }}',
          },
        ],
      },
    }),
  },
  {
    description:
      'Ask for more GPUs on a pool, with the cost of a separate building block, fulfilled by an action',
    example: yaml.stringify({
      steps: [
        {
          id: 'request',
          action: 'goldpath:request:create',
          name: 'Request GPU quota',
          input: {
            kind: 'gpu-quota',
            target: 'resource:default/gpu-pool',
            block: 'resource:default/gpu-node-a100',
            parameters: { gpus: 8 },
            fulfilment: {
              type: 'action',
              id: 'gpu:quota:raise',
              input: { gpus: 8 },
            },
          },
        },
      ],
    }),
  },
];
