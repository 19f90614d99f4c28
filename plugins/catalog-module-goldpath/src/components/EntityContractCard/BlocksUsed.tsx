import { Entity } from '@backstage/catalog-model';
import type { CompatibilityIssue } from '@goldpath/plugin-catalog-common';
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
  readCompatibilityIssues,
  readCompatibilityStatus,
  readContractVersion,
} from '../../lib/compatibility';
import { NO_DATA } from '../../lib/format';
import { CompatibilityChip } from '../shared/Chips';
import { EntityLink } from '../shared/EntityLink';
import { RelatedError } from '../shared/RelatedError';
import { Section } from '../shared/Section';

function Issues(props: { issues: CompatibilityIssue[] }) {
  return (
    <>
      {props.issues.map(issue => (
        <Typography
          key={`${issue.block}|${issue.kind}|${issue.message}`}
          variant="caption"
          component="p"
          color={
            issue.kind === 'version' || issue.kind === 'region'
              ? 'error'
              : 'text.secondary'
          }
          data-testid="contract-compat-issue"
          data-kind={issue.kind}
        >
          {issue.message}
        </Typography>
      ))}
    </>
  );
}

/**
 * The building blocks an entity was built against
 * (`goldpath.dev/built-against`): the version it names, each block's current
 * contract version, and the compatibility warnings the catalog processor
 * computed.
 */
export function BlocksUsed(props: { entity: Entity }) {
  const { entity } = props;
  const { entries, invalid } = readBuiltAgainst(entity);
  const overall = readCompatibilityStatus(entity);
  const allIssues = readCompatibilityIssues(entity);
  const named = new Set(entries.map(e => e.ref));
  const otherIssues = allIssues.filter(
    i => !named.has(i.block.toLocaleLowerCase('en-US')),
  );
  const { value, loading, error, retry } = useEntitiesByRefs(
    entries.map(e => e.ref),
  );

  return (
    <Section
      title={
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
          Built against
          <CompatibilityChip status={overall} testId="contract-compatibility" />
        </Box>
      }
      testId="contract-blocks"
    >
      {error && (
        <RelatedError
          what="the building blocks"
          error={error}
          retry={retry}
          testId="contract-blocks-error"
        />
      )}
      {!value && loading && <LinearProgress aria-label="Loading blocks" />}
      {entries.length > 0 && (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Building blocks used">
            <TableHead>
              <TableRow>
                <TableCell>Block</TableCell>
                <TableCell>Built against</TableCell>
                <TableCell>Current contract</TableCell>
                <TableCell>Compatibility</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {entries.map(entry => {
                const block = value?.get(entry.ref);
                const { status, issues } = compatibilityWith(entity, entry.ref);
                let current: JSX.Element | string = NO_DATA;
                if (value && !block) {
                  current = (
                    <Typography
                      variant="body2"
                      component="span"
                      color="text.secondary"
                    >
                      not in the catalog
                    </Typography>
                  );
                } else if (block) {
                  const version = readContractVersion(block);
                  current = version ? <code>{version}</code> : 'no contract';
                }
                return (
                  <TableRow
                    key={entry.ref}
                    data-testid="contract-block-row"
                    data-entity-ref={entry.ref}
                    data-status={status ?? 'unchecked'}
                  >
                    <TableCell>
                      <EntityLink entityRef={entry.ref}>
                        {block?.metadata.title}
                      </EntityLink>
                    </TableCell>
                    <TableCell data-testid="contract-block-version">
                      <code>{entry.version}</code>
                    </TableCell>
                    <TableCell data-testid="contract-block-current">
                      {current}
                    </TableCell>
                    <TableCell>
                      <CompatibilityChip
                        status={status}
                        testId="contract-block-compatibility"
                      />
                      <Issues issues={issues} />
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </Box>
      )}
      {otherIssues.length > 0 && (
        <Box sx={{ mt: 1 }}>
          <Issues issues={otherIssues} />
        </Box>
      )}
      {invalid.length > 0 && (
        <Box sx={{ mt: 1 }} data-testid="contract-built-against-invalid">
          <Typography variant="body2" color="error">
            Entries of <code>goldpath.dev/built-against</code> that could not be
            read:
          </Typography>
          <Box component="ul" sx={{ m: 0, pl: 2 }}>
            {invalid.map(item => (
              <Typography component="li" variant="body2" key={item.text}>
                <code>{item.text}</code>: {item.reason}
              </Typography>
            ))}
          </Box>
        </Box>
      )}
      {overall === undefined && (
        <Typography variant="caption" color="text.secondary" component="p">
          The catalog has not checked these versions yet; they are checked on
          the entity&apos;s next processing.
        </Typography>
      )}
    </Section>
  );
}
