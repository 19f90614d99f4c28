import { Entity, RELATION_DEPENDENCY_OF } from '@backstage/catalog-model';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useEntitiesByRefs } from '../../hooks/useEntitiesByRefs';
import {
  compatibilityWith,
  readBuiltAgainst,
  refOf,
} from '../../lib/compatibility';
import { CompatibilityChip } from '../shared/Chips';
import { EntityLink } from '../shared/EntityLink';
import { RelatedError } from '../shared/RelatedError';
import { Section } from '../shared/Section';

/** How many consumers the card loads and lists at most. */
export const MAX_CONSUMERS = 100;

/** The refs of the entities that depend on `entity`, sorted, distinct. */
export function consumerRefs(entity: Entity): string[] {
  const refs = (entity.relations ?? [])
    .filter(r => r.type === RELATION_DEPENDENCY_OF)
    .map(r => r.targetRef.toLocaleLowerCase('en-US'));
  return [...new Set(refs)].sort((a, b) => a.localeCompare(b, 'en-US'));
}

function ConsumerRow(props: {
  consumerRef: string;
  consumer?: Entity;
  blockRef: string;
}) {
  const { consumerRef, consumer, blockRef } = props;
  if (!consumer) {
    return (
      <TableRow
        data-testid="contract-consumer-row"
        data-entity-ref={consumerRef}
        data-status="missing"
      >
        <TableCell>
          <EntityLink entityRef={consumerRef} />
        </TableCell>
        <TableCell colSpan={2}>
          <Typography variant="body2" color="text.secondary">
            Not in the catalog, or not visible to you.
          </Typography>
        </TableCell>
      </TableRow>
    );
  }
  const entry = readBuiltAgainst(consumer).entries.find(
    e => e.ref === blockRef,
  );
  const { status, issues } = compatibilityWith(consumer, blockRef);
  return (
    <TableRow
      data-testid="contract-consumer-row"
      data-entity-ref={consumerRef}
      data-status={entry ? status ?? 'unchecked' : 'undeclared'}
    >
      <TableCell>
        <EntityLink entityRef={consumerRef}>
          {consumer.metadata.title}
        </EntityLink>
      </TableCell>
      <TableCell data-testid="contract-consumer-version">
        {entry ? (
          <code>{entry.version}</code>
        ) : (
          <Typography variant="body2" component="span" color="text.secondary">
            not declared
          </Typography>
        )}
      </TableCell>
      <TableCell>
        {entry ? (
          <CompatibilityChip
            status={status}
            testId="contract-consumer-compatibility"
          />
        ) : (
          <Typography variant="caption" color="text.secondary">
            Add <code>goldpath.dev/built-against</code> to check it
          </Typography>
        )}
        {issues.map(issue => (
          <Typography
            key={`${issue.kind}:${issue.message}`}
            variant="caption"
            component="p"
            color="text.secondary"
            data-testid="contract-consumer-issue"
          >
            {issue.message}
          </Typography>
        ))}
      </TableCell>
    </TableRow>
  );
}

/**
 * The consumers of a building block (its `dependencyOf` relations): the
 * contract version each was built against and whether it still fits the
 * block's current contract, from the consumers' computed annotations.
 */
export function Consumers(props: { entity: Entity }) {
  const { entity } = props;
  const blockRef = refOf(entity);
  const all = consumerRefs(entity);
  const refs = all.slice(0, MAX_CONSUMERS);
  const { value, loading, error, retry } = useEntitiesByRefs(refs);

  let content: JSX.Element;
  if (all.length === 0) {
    content = (
      <Typography
        variant="body2"
        color="text.secondary"
        data-testid="contract-consumers-empty"
      >
        No entity depends on this block yet. Consumers list it in{' '}
        <code>spec.dependsOn</code> and name the contract version in{' '}
        <code>goldpath.dev/built-against</code>.
      </Typography>
    );
  } else if (error) {
    content = (
      <RelatedError
        what="the consumers"
        error={error}
        retry={retry}
        testId="contract-consumers-error"
      />
    );
  } else if (!value) {
    content = loading ? (
      <LinearProgress aria-label="Loading consumers" />
    ) : (
      <></>
    );
  } else {
    const mismatches = refs.filter(ref => {
      const consumer = value.get(ref);
      return (
        consumer && compatibilityWith(consumer, blockRef).status === 'mismatch'
      );
    }).length;
    content = (
      <>
        {mismatches > 0 && (
          <Typography
            variant="body2"
            color="error"
            sx={{ mb: 1 }}
            data-testid="contract-consumers-mismatches"
          >
            {mismatches} of {refs.length} consumers do not fit the current
            contract.
          </Typography>
        )}
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Consumers">
            <TableHead>
              <TableRow>
                <TableCell>Consumer</TableCell>
                <TableCell>Built against</TableCell>
                <TableCell>Compatibility</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {refs.map(ref => (
                <ConsumerRow
                  key={ref}
                  consumerRef={ref}
                  consumer={value.get(ref)}
                  blockRef={blockRef}
                />
              ))}
            </TableBody>
          </Table>
        </Box>
        {all.length > refs.length && (
          <Typography variant="caption" color="text.secondary">
            The first {refs.length} of {all.length} consumers.
          </Typography>
        )}
      </>
    );
  }
  return (
    <Section title={`Consumers (${all.length})`} testId="contract-consumers">
      {content}
    </Section>
  );
}
