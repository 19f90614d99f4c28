import { Link } from '@backstage/core-components';
import type { Contract } from '@goldpath/plugin-catalog-common';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { describeConstraints } from '../../lib/contract';
import {
  capitalize,
  formatMoney,
  formatValue,
  NO_DATA,
} from '../../lib/format';
import { EntityLink } from '../shared/EntityLink';
import { Section } from '../shared/Section';

function KeyValueChips(props: {
  values: Record<string, string>;
  testId: string;
}) {
  const entries = Object.entries(props.values).sort(([a], [b]) =>
    a.localeCompare(b, 'en-US'),
  );
  return (
    <Box
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5 }}
      data-testid={props.testId}
    >
      {entries.map(([key, value]) => (
        <Chip
          key={key}
          size="small"
          variant="outlined"
          label={`${key}=${value}`}
        />
      ))}
    </Box>
  );
}

function Inputs(props: { contract: Contract }) {
  const { inputs } = props.contract;
  return (
    <Section title={`Inputs (${inputs.length})`} testId="contract-inputs">
      {inputs.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          The block takes no inputs.
        </Typography>
      ) : (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Inputs">
            <TableHead>
              <TableRow>
                <TableCell>Name</TableCell>
                <TableCell>Type</TableCell>
                <TableCell>Required</TableCell>
                <TableCell>Default</TableCell>
                <TableCell>Constraints</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {inputs.map(input => {
                const constraints = describeConstraints(input);
                return (
                  <TableRow
                    key={input.name}
                    data-testid="contract-input-row"
                    data-name={input.name}
                  >
                    <TableCell>
                      <code>{input.name}</code>
                      {input.description && (
                        <Typography
                          variant="caption"
                          component="p"
                          color="text.secondary"
                        >
                          {input.description}
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell>{input.type}</TableCell>
                    <TableCell>{input.required ? 'Yes' : 'No'}</TableCell>
                    <TableCell>
                      {input.default === undefined ? (
                        NO_DATA
                      ) : (
                        <code>{formatValue(input.default)}</code>
                      )}
                    </TableCell>
                    <TableCell>
                      {constraints.length ? constraints.join('; ') : NO_DATA}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </Box>
      )}
    </Section>
  );
}

function Outputs(props: { contract: Contract }) {
  const { outputs } = props.contract;
  return (
    <Section title={`Outputs (${outputs.length})`} testId="contract-outputs">
      {outputs.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          The block declares no outputs.
        </Typography>
      ) : (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Outputs">
            <TableHead>
              <TableRow>
                <TableCell>Name</TableCell>
                <TableCell>Type</TableCell>
                <TableCell>Description</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {outputs.map(output => (
                <TableRow
                  key={output.name}
                  data-testid="contract-output-row"
                  data-name={output.name}
                >
                  <TableCell>
                    <code>{output.name}</code>
                    {output.sensitive && (
                      <Chip
                        size="small"
                        label="sensitive"
                        sx={{ ml: 1 }}
                        data-testid="contract-output-sensitive"
                      />
                    )}
                  </TableCell>
                  <TableCell>{output.type}</TableCell>
                  <TableCell>{output.description ?? NO_DATA}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Section>
  );
}

function Emits(props: { emits: NonNullable<Contract['emits']> }) {
  const { tags, labels, metadata } = props.emits;
  if (!tags && !labels && !metadata?.length) {
    return null;
  }
  return (
    <Section title="Emitted metadata" testId="contract-emits">
      {tags && Object.keys(tags).length > 0 && (
        <Box sx={{ mb: 1 }}>
          <Typography variant="subtitle2" component="p">
            Tags on what it creates
          </Typography>
          <KeyValueChips values={tags} testId="contract-emits-tags" />
        </Box>
      )}
      {labels && Object.keys(labels).length > 0 && (
        <Box sx={{ mb: 1 }}>
          <Typography variant="subtitle2" component="p">
            Kubernetes labels
          </Typography>
          <KeyValueChips values={labels} testId="contract-emits-labels" />
        </Box>
      )}
      {metadata && metadata.length > 0 && (
        <Box>
          <Typography variant="subtitle2" component="p">
            Handed on
          </Typography>
          <Box component="ul" sx={{ m: 0, pl: 2 }}>
            {metadata.map(m => (
              <Typography
                component="li"
                variant="body2"
                key={m.name}
                data-testid="contract-emits-metadata"
              >
                <code>{m.name}</code>
                {m.format && ` (${m.format})`}
                {m.description && ` — ${m.description}`}
              </Typography>
            ))}
          </Box>
        </Box>
      )}
    </Section>
  );
}

function Constraints(props: {
  constraints: NonNullable<Contract['constraints']>;
}) {
  const { regions, runsOn } = props.constraints;
  if (!regions && !runsOn?.length) {
    return null;
  }
  return (
    <Section title="Constraints" testId="contract-constraints">
      <Box sx={{ mb: 1 }}>
        <Typography variant="subtitle2" component="span">
          Regions:{' '}
        </Typography>
        {regions ? (
          <Box
            component="span"
            sx={{ display: 'inline-flex', flexWrap: 'wrap', gap: 0.5 }}
            data-testid="contract-regions"
          >
            {regions.map(region => (
              <Chip key={region} size="small" label={region} />
            ))}
          </Box>
        ) : (
          <Typography variant="body2" component="span">
            any
          </Typography>
        )}
      </Box>
      {runsOn && runsOn.length > 0 && (
        <Box component="ul" sx={{ m: 0, pl: 2 }}>
          {runsOn.map(r => (
            <Typography
              component="li"
              variant="body2"
              key={r.name}
              data-testid="contract-runs-on"
            >
              Runs on {r.name} <code>{r.versions}</code>
            </Typography>
          ))}
        </Box>
      )}
    </Section>
  );
}

function Compatibility(props: {
  rows: NonNullable<Contract['compatibility']>;
}) {
  return (
    <Section title="Compatibility" testId="contract-compatibility-matrix">
      <Table size="small" aria-label="Compatibility">
        <TableHead>
          <TableRow>
            <TableCell>This version</TableCell>
            <TableCell>Works for consumers built against</TableCell>
            <TableCell>Notes</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.rows.map(row => (
            <TableRow
              key={row.version}
              data-testid="contract-compatibility-row"
            >
              <TableCell>
                <code>{row.version}</code>
              </TableCell>
              <TableCell>
                {row.compatibleWith.map((range, i) => (
                  <span key={range}>
                    {i > 0 && ', '}
                    <code>{range}</code>
                  </span>
                ))}
              </TableCell>
              <TableCell>{row.notes ?? NO_DATA}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Section>
  );
}

function Operations(props: { contract: Contract }) {
  const { owners, cost, slo, accessPolicy, runbook } = props.contract;
  if (!owners?.length && !cost && !slo && !accessPolicy && !runbook) {
    return null;
  }
  return (
    <Section title="Operations" testId="contract-operations">
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
        {owners && owners.length > 0 && (
          <>
            <Typography component="dt" variant="body2">
              Owners
            </Typography>
            <Typography component="dd" variant="body2">
              {owners.map((owner, i) => (
                <span key={owner.ref} data-testid="contract-owner">
                  {i > 0 && ', '}
                  <EntityLink entityRef={owner.ref} />
                  {owner.role && ` (${owner.role})`}
                </span>
              ))}
            </Typography>
          </>
        )}
        {cost && (
          <>
            <Typography component="dt" variant="body2">
              Cost
            </Typography>
            <Typography
              component="dd"
              variant="body2"
              data-testid="contract-cost"
            >
              {capitalize(cost.bucket)}
              {cost.monthlyEstimate &&
                ` · about ${formatMoney(
                  cost.monthlyEstimate.amount,
                  cost.monthlyEstimate.currency,
                )} a month${
                  cost.monthlyEstimate.basis
                    ? ` (${cost.monthlyEstimate.basis})`
                    : ''
                }`}
            </Typography>
          </>
        )}
        {slo && (slo.latency || slo.availability !== undefined) && (
          <>
            <Typography component="dt" variant="body2">
              SLO
            </Typography>
            <Typography
              component="dd"
              variant="body2"
              data-testid="contract-slo"
            >
              {[
                slo.latency &&
                  `p${slo.latency.percentile} latency ≤ ${slo.latency.thresholdMs} ms`,
                slo.availability !== undefined &&
                  `${slo.availability}% availability`,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography>
          </>
        )}
        {accessPolicy && (
          <>
            <Typography component="dt" variant="body2">
              Access
            </Typography>
            <Typography
              component="dd"
              variant="body2"
              data-testid="contract-access"
            >
              {accessPolicy.allowed.map((who, i) => (
                <span key={who}>
                  {i > 0 && ', '}
                  {who === 'any' ? 'anyone' : <EntityLink entityRef={who} />}
                </span>
              ))}
              {accessPolicy.approval === 'none' && ' · no approval needed'}
              {accessPolicy.approval &&
                accessPolicy.approval !== 'none' &&
                ` · approval by the ${accessPolicy.approval}`}
              {accessPolicy.dataClassification &&
                ` · ${accessPolicy.dataClassification} data`}
            </Typography>
          </>
        )}
        {runbook && (
          <>
            <Typography component="dt" variant="body2">
              Runbook
            </Typography>
            <Typography component="dd" variant="body2">
              <Link to={runbook} data-testid="contract-runbook">
                {runbook}
              </Link>
            </Typography>
          </>
        )}
      </Box>
    </Section>
  );
}

function Policies(props: { policies: NonNullable<Contract['policies']> }) {
  return (
    <Section
      title={`Policies (${props.policies.length})`}
      testId="contract-policies"
    >
      <Box sx={{ overflowX: 'auto' }}>
        <Table size="small" aria-label="Policies">
          <TableHead>
            <TableRow>
              <TableCell>Policy</TableCell>
              <TableCell>Severity</TableCell>
              <TableCell>Remediation</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {props.policies.map(policy => (
              <TableRow
                key={policy.name}
                data-testid="contract-policy-row"
                data-name={policy.name}
              >
                <TableCell>
                  <code>{policy.name}</code>
                  {policy.description && (
                    <Typography
                      variant="caption"
                      component="p"
                      color="text.secondary"
                    >
                      {policy.description}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  {policy.severity ? capitalize(policy.severity) : NO_DATA}
                </TableCell>
                <TableCell>
                  {policy.remediation ?? (policy.runbook ? '' : NO_DATA)}
                  {policy.runbook && (
                    <Box>
                      <Link
                        to={policy.runbook}
                        data-testid="contract-policy-runbook"
                      >
                        Runbook
                      </Link>
                    </Box>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    </Section>
  );
}

/**
 * What a building block's contract says: inputs, outputs, emitted
 * metadata, constraints, the compatibility matrix, owners, cost, SLO,
 * access policy, runbook and the policies of a bundle. Parts the contract
 * leaves out are left out.
 */
export function ContractDetails(props: { contract: Contract }) {
  const { contract } = props;
  return (
    <Box data-testid="contract-details">
      {contract.description && (
        <Typography variant="body2" sx={{ mb: 2 }}>
          {contract.description}
        </Typography>
      )}
      <Inputs contract={contract} />
      <Outputs contract={contract} />
      {contract.emits && <Emits emits={contract.emits} />}
      {contract.constraints && (
        <Constraints constraints={contract.constraints} />
      )}
      {contract.compatibility && contract.compatibility.length > 0 && (
        <Compatibility rows={contract.compatibility} />
      )}
      <Operations contract={contract} />
      {contract.policies && contract.policies.length > 0 && (
        <Policies policies={contract.policies} />
      )}
    </Box>
  );
}
