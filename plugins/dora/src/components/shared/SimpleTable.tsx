import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';

/**
 * A small table of rows of cells, or the `empty` sentence when there are no
 * rows. Test ids: `<testId>`, `<testId>-row-<key>`, `<testId>-empty`.
 */
export function SimpleTable(props: {
  testId: string;
  head: string[];
  rows: Array<{ key: string; cells: ReactNode[] }>;
  empty: string;
}) {
  if (props.rows.length === 0) {
    return (
      <Typography
        variant="body2"
        color="text.secondary"
        data-testid={`${props.testId}-empty`}
      >
        {props.empty}
      </Typography>
    );
  }
  return (
    <Table size="small" data-testid={props.testId}>
      <TableHead>
        <TableRow>
          {props.head.map(h => (
            <TableCell key={h}>{h}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.rows.map(row => (
          <TableRow
            key={row.key}
            data-testid={`${props.testId}-row-${row.key}`}
          >
            {row.cells.map((cell, i) => (
              <TableCell key={i}>{cell}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
