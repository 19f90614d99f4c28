import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';

/** A titled part of a card. */
export function Section(props: {
  title: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <Box component="section" data-testid={props.testId} sx={{ mb: 3 }}>
      <Typography variant="h6" component="h3" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}
