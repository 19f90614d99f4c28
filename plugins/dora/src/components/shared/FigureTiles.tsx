import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';

/** One headline figure: a small label over a large value. */
export function Tile(props: { label: string; value: string; testId: string }) {
  return (
    <Box data-testid={props.testId}>
      <Typography variant="body2" color="text.secondary">
        {props.label}
      </Typography>
      <Typography
        variant="h4"
        component="p"
        data-testid={`${props.testId}-value`}
      >
        {props.value}
      </Typography>
    </Box>
  );
}

/** A wrapping row of {@link Tile}s. */
export function TileRow(props: { testId: string; children: ReactNode }) {
  return (
    <Box
      sx={{ display: 'flex', gap: 6, flexWrap: 'wrap' }}
      data-testid={props.testId}
    >
      {props.children}
    </Box>
  );
}
