import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `goldpath:attribution:write`, run by its tests. */
export const writeAttributionExamples: TemplateExample[] = [
  {
    description:
      "Annotate catalog-info.yaml with the template's goldpath.dev/template-version annotation",
    example: yaml.stringify({
      steps: [
        {
          id: 'attribution',
          action: 'goldpath:attribution:write',
          name: 'Record the template',
        },
      ],
    }),
  },
  {
    description: 'Annotate another file with an explicit template version',
    example: yaml.stringify({
      steps: [
        {
          id: 'attribution',
          action: 'goldpath:attribution:write',
          name: 'Record the template',
          input: {
            filePath: 'service/catalog-info.yaml',
            templateVersion: '2.3.0',
          },
        },
      ],
    }),
  },
];
