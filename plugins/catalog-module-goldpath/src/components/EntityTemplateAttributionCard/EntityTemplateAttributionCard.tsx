import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  readAttribution,
  TemplateAttribution,
} from '@goldpath/plugin-catalog-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useEntitiesByRefs } from '../../hooks/useEntitiesByRefs';
import { templateVersionOf } from '../../lib/attribution';
import { formatTimestamp } from '../../lib/format';
import { EntityLink } from '../shared/EntityLink';
import { CreatedEntities } from './CreatedEntities';

/**
 * Props of {@link EntityTemplateAttributionCard}.
 *
 * @public
 */
export interface EntityTemplateAttributionCardProps {
  /** Layout variant of the underlying `InfoCard`. */
  variant?: 'flex' | 'fullHeight' | 'gridItem';
}

/** Where an attribution came from, in words. */
export const SOURCE_DESCRIPTIONS: Record<
  TemplateAttribution['source'],
  string
> = {
  goldpath: "Recorded by Goldpath's scaffolder action",
  'source-template':
    'From backstage.io/source-template, set by the scaffolder (catalog:write)',
  'scaffold-event': 'From the scaffold event the template run sent',
};

function Attribution(props: { attribution: TemplateAttribution }) {
  const { attribution } = props;
  const { value } = useEntitiesByRefs([attribution.templateRef]);
  const template = value?.get(attribution.templateRef);
  const current = templateVersionOf(template);
  return (
    <Box
      component="dl"
      sx={{
        display: 'grid',
        gridTemplateColumns: 'max-content 1fr',
        columnGap: 2,
        rowGap: 0.5,
        m: 0,
        '& dt': { fontWeight: 600 },
        '& dd': { m: 0 },
      }}
    >
      <Typography component="dt" variant="body2">
        Template
      </Typography>
      <Typography
        component="dd"
        variant="body2"
        data-testid="template-attribution-template"
      >
        <EntityLink entityRef={attribution.templateRef}>
          {template?.metadata.title}
        </EntityLink>
      </Typography>
      <Typography component="dt" variant="body2">
        Version
      </Typography>
      <Typography
        component="dd"
        variant="body2"
        data-testid="template-attribution-version"
        data-known={attribution.version !== undefined}
      >
        {attribution.version ?? (
          <Typography component="span" variant="body2" color="text.secondary">
            not recorded
          </Typography>
        )}
        {current && attribution.version && current !== attribution.version && (
          <Typography
            component="span"
            variant="caption"
            color="text.secondary"
            data-testid="template-attribution-current"
          >
            {' '}
            (the template is at {current} now)
          </Typography>
        )}
      </Typography>
      <Typography component="dt" variant="body2">
        Created
      </Typography>
      <Typography
        component="dd"
        variant="body2"
        data-testid="template-attribution-at"
        data-known={attribution.scaffoldedAt !== undefined}
      >
        {attribution.scaffoldedAt ? (
          <time dateTime={attribution.scaffoldedAt}>
            {formatTimestamp(attribution.scaffoldedAt)}
          </time>
        ) : (
          <Typography component="span" variant="body2" color="text.secondary">
            not recorded
          </Typography>
        )}
      </Typography>
      <Typography component="dt" variant="body2">
        Source
      </Typography>
      <Typography
        component="dd"
        variant="body2"
        color="text.secondary"
        data-testid="template-attribution-source"
        data-source={attribution.source}
      >
        {SOURCE_DESCRIPTIONS[attribution.source] ?? attribution.source}
      </Typography>
    </Box>
  );
}

/**
 * Which template an entity was created from, which version and when, with
 * the source of that answer (Goldpath's scaffolder action, the scaffolder's
 * `backstage.io/source-template`, or a scaffold event). On a Template's
 * page: the entities it created, with the versions they were created from.
 *
 * @public
 */
export function EntityTemplateAttributionCard(
  props: EntityTemplateAttributionCardProps,
) {
  const { variant } = props;
  const { entity } = useEntity();
  const isTemplate = entity.kind.toLocaleLowerCase('en-US') === 'template';
  const attribution = readAttribution(entity);

  let content: JSX.Element;
  if (isTemplate) {
    content = <CreatedEntities template={entity} />;
  } else if (attribution) {
    content = <Attribution attribution={attribution} />;
  } else {
    content = (
      <Typography
        variant="body2"
        color="text.secondary"
        data-testid="template-attribution-none"
      >
        Not created from a known template: no scaffolder annotation names one.
      </Typography>
    );
  }
  return (
    <Box
      data-testid="template-attribution-card"
      sx={variant === 'gridItem' ? { height: '100%' } : undefined}
    >
      <InfoCard
        title={isTemplate ? 'Created from this template' : 'Created from'}
        variant={variant}
      >
        {content}
      </InfoCard>
    </Box>
  );
}
