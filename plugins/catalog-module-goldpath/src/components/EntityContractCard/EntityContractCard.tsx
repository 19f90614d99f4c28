import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { BUILT_AGAINST_ANNOTATION } from '@goldpath/plugin-catalog-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { readContract } from '../../lib/contract';
import { BlocksUsed } from './BlocksUsed';
import { Consumers } from './Consumers';
import { ContractDetails } from './ContractDetails';

/**
 * Props of {@link EntityContractCard}.
 *
 * @public
 */
export interface EntityContractCardProps {
  /** Layout variant of the underlying `InfoCard`. */
  variant?: 'flex' | 'fullHeight' | 'gridItem';
}

/**
 * The contract card of an entity. On a building block (an entity with
 * `spec.contract`): what the contract says and the block's consumers, with
 * the version each was built against and whether it still fits. On a
 * consumer (an entity with `goldpath.dev/built-against`): the blocks it uses,
 * with its built-against versions and the compatibility warnings. Both when
 * a block consumes other blocks.
 *
 * @public
 */
export function EntityContractCard(props: EntityContractCardProps) {
  const { variant } = props;
  const { entity } = useEntity();
  const contract = readContract(entity);
  const consumes = Boolean(
    entity.metadata.annotations?.[BUILT_AGAINST_ANNOTATION],
  );
  return (
    <Box
      data-testid="contract-card"
      sx={variant === 'gridItem' ? { height: '100%' } : undefined}
    >
      <InfoCard
        title={contract ? 'Contract' : 'Building blocks'}
        subheader={
          contract ? (
            <span data-testid="contract-version">
              Version {contract.version}
            </span>
          ) : undefined
        }
        variant={variant}
      >
        {contract && <ContractDetails contract={contract} />}
        {contract && <Consumers entity={entity} />}
        {consumes && <BlocksUsed entity={entity} />}
        {!contract && !consumes && (
          <Typography
            variant="body2"
            color="text.secondary"
            data-testid="contract-empty"
          >
            This entity has no contract and names no building block it was built
            against. A building block declares its contract with the{' '}
            <code>goldpath.dev/contract</code> annotation; a consumer names the
            blocks and versions in <code>goldpath.dev/built-against</code>.
          </Typography>
        )}
      </InfoCard>
    </Box>
  );
}
