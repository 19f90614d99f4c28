import { Entity } from '@backstage/catalog-model';
import type {
  Contract,
  ContractParameter,
} from '@goldpath/plugin-catalog-common';
import { formatValue } from './format';

/**
 * The processed contract of a building block (`spec.contract`), or
 * `undefined` when the entity has none. The catalog processor validated it;
 * the arrays the card lists are defaulted here all the same, so an entity
 * served by an older processor cannot break the card.
 */
export function readContract(entity: Entity): Contract | undefined {
  const raw = (entity.spec as { contract?: unknown } | undefined)?.contract;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return undefined;
  }
  const contract = raw as Partial<Contract>;
  if (typeof contract.version !== 'string') {
    return undefined;
  }
  return {
    ...contract,
    version: contract.version,
    inputs: Array.isArray(contract.inputs) ? contract.inputs : [],
    outputs: Array.isArray(contract.outputs) ? contract.outputs : [],
  } as Contract;
}

/** The constraints of an input as short phrases: `one of a, b`, `≥ 1`, `matches ^x$`. */
export function describeConstraints(input: ContractParameter): string[] {
  const c = input.constraints;
  if (!c) {
    return [];
  }
  const out: string[] = [];
  if (c.enum) {
    out.push(`one of ${c.enum.map(formatValue).join(', ')}`);
  }
  if (c.min !== undefined && c.max !== undefined) {
    out.push(`${c.min}–${c.max}`);
  } else if (c.min !== undefined) {
    out.push(`≥ ${c.min}`);
  } else if (c.max !== undefined) {
    out.push(`≤ ${c.max}`);
  }
  if (c.minLength !== undefined && c.maxLength !== undefined) {
    out.push(`length ${c.minLength}–${c.maxLength}`);
  } else if (c.minLength !== undefined) {
    out.push(`length ≥ ${c.minLength}`);
  } else if (c.maxLength !== undefined) {
    out.push(`length ≤ ${c.maxLength}`);
  }
  if (c.pattern !== undefined) {
    out.push(`matches ${c.pattern}`);
  }
  return out;
}
