import type { PolicyPassedCheck } from '@goldpath/plugin-policy-common';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { formatSubject } from '../../lib/format';

/** The checks that passed, collapsed: what the team already does right. */
export function PassedChecks(props: { passed: PolicyPassedCheck[] }) {
  const passed = [...props.passed].sort(
    (a, b) =>
      a.source.localeCompare(b.source, 'en-US') ||
      a.policy.localeCompare(b.policy, 'en-US') ||
      (a.rule ?? '').localeCompare(b.rule ?? '', 'en-US'),
  );
  return (
    <Accordion
      data-testid="policy-passed"
      disableGutters
      variant="outlined"
      TransitionProps={{ unmountOnExit: true }}
    >
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        aria-controls="policy-passed-content"
        id="policy-passed-header"
      >
        <Typography variant="subtitle2">
          Passing checks ({passed.length})
        </Typography>
      </AccordionSummary>
      <AccordionDetails id="policy-passed-content">
        {passed.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            No check passed in the latest audits.
          </Typography>
        ) : (
          <Box component="ul" sx={{ m: 0, pl: 2 }}>
            {passed.map((check, i) => (
              <Typography
                component="li"
                variant="body2"
                key={`${check.source}|${check.policy}|${check.rule ?? ''}|${i}`}
                data-testid="policy-passed-row"
              >
                {check.policy}
                {check.rule ? ` / ${check.rule}` : ''}
                <Typography
                  component="span"
                  variant="caption"
                  color="text.secondary"
                >
                  {' '}
                  · {formatSubject(check)} · {check.source}
                </Typography>
              </Typography>
            ))}
          </Box>
        )}
      </AccordionDetails>
    </Accordion>
  );
}
