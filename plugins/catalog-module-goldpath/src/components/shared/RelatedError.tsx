import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';

/** A failed catalog lookup inside a card: what failed, and a retry. */
export function RelatedError(props: {
  what: string;
  error: Error;
  retry: () => void;
  testId: string;
}) {
  return (
    <Box data-testid={props.testId}>
      <Typography variant="body2" color="error">
        Could not load {props.what}: {props.error.message}
      </Typography>
      <Button size="small" onClick={props.retry}>
        Retry
      </Button>
    </Box>
  );
}
