import { Entity } from '@backstage/catalog-model';
import {
  readAttribution,
  RELATION_SCAFFOLDER_OF,
} from '@goldpath/plugin-catalog-common';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useEntitiesByRefs } from '../../hooks/useEntitiesByRefs';
import { templateVersionOf } from '../../lib/attribution';
import { formatTimestamp, NO_DATA } from '../../lib/format';
import { EntityLink } from '../shared/EntityLink';
import { RelatedError } from '../shared/RelatedError';

/** How many created entities the card loads and lists at most. */
export const MAX_CREATED = 100;

/** The refs of the entities a template created (`scaffolderOf`), sorted, distinct. */
export function createdRefs(template: Entity): string[] {
  const refs = (template.relations ?? [])
    .filter(r => r.type === RELATION_SCAFFOLDER_OF)
    .map(r => r.targetRef.toLocaleLowerCase('en-US'));
  return [...new Set(refs)].sort((a, b) => a.localeCompare(b, 'en-US'));
}

/**
 * The entities a template created, from its `scaffolderOf` relations, with
 * the template version and the time each was created from (their computed
 * attribution).
 */
export function CreatedEntities(props: { template: Entity }) {
  const { template } = props;
  const all = createdRefs(template);
  const refs = all.slice(0, MAX_CREATED);
  const current = templateVersionOf(template);
  const { value, loading, error, retry } = useEntitiesByRefs(refs);

  if (all.length === 0) {
    return (
      <Typography
        variant="body2"
        color="text.secondary"
        data-testid="template-attribution-entities-empty"
      >
        No entity in the catalog was created from this template yet.
      </Typography>
    );
  }
  if (error) {
    return (
      <RelatedError
        what="the entities created from this template"
        error={error}
        retry={retry}
        testId="template-attribution-entities-error"
      />
    );
  }
  if (!value) {
    return loading ? <LinearProgress aria-label="Loading entities" /> : null;
  }
  return (
    <Box data-testid="template-attribution-entities">
      {current && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          The template is at version {current}.
        </Typography>
      )}
      <Table size="small" aria-label="Entities created from this template">
        <TableHead>
          <TableRow>
            <TableCell>Entity</TableCell>
            <TableCell>Version</TableCell>
            <TableCell>Created</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {refs.map(ref => {
            const created = value.get(ref);
            const attribution = created ? readAttribution(created) : undefined;
            const behind =
              current !== undefined &&
              attribution?.version !== undefined &&
              attribution.version !== current;
            return (
              <TableRow
                key={ref}
                data-testid="template-attribution-entity-row"
                data-entity-ref={ref}
                data-behind={behind}
              >
                <TableCell>
                  <EntityLink entityRef={ref}>
                    {created?.metadata.title}
                  </EntityLink>
                </TableCell>
                <TableCell data-testid="template-attribution-entity-version">
                  {attribution?.version ?? NO_DATA}
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {created
                    ? formatTimestamp(attribution?.scaffoldedAt)
                    : 'not in the catalog'}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {all.length > refs.length && (
        <Typography variant="caption" color="text.secondary">
          The first {refs.length} of {all.length} entities.
        </Typography>
      )}
    </Box>
  );
}
