import { Progress } from '@backstage/core-components';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';
import { ErrorWithRetry } from '../EntityDoraScorecardCard/EntityDoraScorecardCard';

function isForbidden(error: Error): boolean {
  return (
    error.name === 'ResponseError' &&
    (error as Error & { statusCode?: number }).statusCode === 403
  );
}

/** A heading and a sentence: why there is nothing to show. */
function Notice(props: { testId: string; title: string; children: ReactNode }) {
  return (
    <Box data-testid={props.testId} sx={{ py: 2 }}>
      <Typography variant="h6" component="p" gutterBottom>
        {props.title}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {props.children}
      </Typography>
    </Box>
  );
}

/**
 * The states of a platform page's figures: a notice for 403 (the permission
 * needed), an error with retry, progress, a notice while there is no data, and
 * otherwise the figures, dimmed while a refresh is loading.
 */
export function FiguresContent<T>(props: {
  /** `<testId>-forbidden` and `<testId>-empty` mark the notices. */
  testId: string;
  /** What is shown, e.g. `adoption figures`. */
  what: string;
  value: T | undefined;
  loading: boolean;
  error: Error | undefined;
  retry: () => void;
  empty: { when: (value: T) => boolean; title: string; body: ReactNode };
  children: (value: T) => ReactNode;
}) {
  const { value, loading, error } = props;
  if (error && !loading) {
    return isForbidden(error) ? (
      <Notice
        testId={`${props.testId}-forbidden`}
        title={`No access to the ${props.what}`}
      >
        Reading them needs the <code>dora.scorecards.read</code> permission.
      </Notice>
    ) : (
      <ErrorWithRetry
        error={error}
        title={`Could not load the ${props.what}`}
        retry={props.retry}
      />
    );
  }
  if (value === undefined) return <Progress />;
  if (props.empty.when(value)) {
    return (
      <Notice testId={`${props.testId}-empty`} title={props.empty.title}>
        {props.empty.body}
      </Notice>
    );
  }
  return (
    <Box sx={{ opacity: loading ? 0.6 : 1 }}>
      {loading && <LinearProgress aria-label="Refreshing" />}
      {props.children(value)}
    </Box>
  );
}
