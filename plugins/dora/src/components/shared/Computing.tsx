import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';

/** Said while the server computes a cold window's figures in the background. */
export function Computing() {
  return (
    <Box data-testid="dora-computing" sx={{ py: 2 }}>
      <LinearProgress aria-label="Computing" />
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
        Computing the figures for this window; they appear here in a few
        seconds.
      </Typography>
    </Box>
  );
}
