import { ContractParameter } from '@goldpath/plugin-catalog-common';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useState } from 'react';

/** The props of {@link ContractInputField}. */
export interface ContractInputFieldProps {
  input: ContractParameter;
  value: unknown;
  /** `undefined` clears the value (the input is left out). */
  onChange: (value: unknown) => void;
  /** The problems of this input (`must be at least 20`), without its name. */
  problems: string[];
  id: string;
  disabled?: boolean;
}

function constraintHint(input: ContractParameter): string | undefined {
  const c = input.constraints;
  if (!c) return undefined;
  const parts: string[] = [];
  if (c.min !== undefined && c.max !== undefined) {
    parts.push(`${c.min} to ${c.max}`);
  } else if (c.min !== undefined) {
    parts.push(`at least ${c.min}`);
  } else if (c.max !== undefined) {
    parts.push(`at most ${c.max}`);
  }
  if (c.minLength !== undefined) parts.push(`min length ${c.minLength}`);
  if (c.maxLength !== undefined) parts.push(`max length ${c.maxLength}`);
  if (c.pattern !== undefined) parts.push(`matches ${c.pattern}`);
  return parts.length ? parts.join(', ') : undefined;
}

function helperText(input: ContractParameter, problems: string[]) {
  if (problems.length) return problems.join('; ');
  return (
    [input.description, constraintHint(input)].filter(Boolean).join(' — ') ||
    undefined
  );
}

/** Reads a number field: empty is no value, text that is no number stays text (and fails the check). */
function parseNumber(text: string): unknown {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

/** A JSON field for `array`, `object` and `map` inputs. */
function JsonInputField(props: ContractInputFieldProps) {
  const { input, value, onChange, problems, id, disabled } = props;
  const [text, setText] = useState(() =>
    value === undefined ? '' : JSON.stringify(value),
  );
  const [parseError, setParseError] = useState<string | undefined>();
  const example = input.type === 'array' ? '["a", "b"]' : '{"key": "value"}';
  const allProblems = parseError ? [parseError, ...problems] : problems;
  return (
    <TextField
      id={id}
      label={input.name}
      required={input.required && input.default === undefined}
      fullWidth
      multiline
      minRows={1}
      margin="dense"
      disabled={disabled}
      value={text}
      placeholder={example}
      error={allProblems.length > 0}
      helperText={helperText(input, allProblems) ?? `JSON, e.g. ${example}`}
      onChange={e => {
        const next = e.target.value;
        setText(next);
        if (next.trim() === '') {
          setParseError(undefined);
          onChange(undefined);
          return;
        }
        try {
          onChange(JSON.parse(next));
          setParseError(undefined);
        } catch {
          setParseError('is not valid JSON');
        }
      }}
    />
  );
}

/**
 * One input of a contract as a form field: a select for an `enum`, a
 * checkbox for a `boolean`, a number field, a password field for a
 * `secret`, JSON for `array`/`object`/`map`, a text field otherwise.
 */
export function ContractInputField(props: ContractInputFieldProps) {
  const { input, value, onChange, problems, id, disabled } = props;
  const required = input.required && input.default === undefined;
  const error = problems.length > 0;
  const help = helperText(input, problems);

  if (input.type === 'boolean') {
    return (
      <FormControl margin="dense" error={error} fullWidth>
        <FormControlLabel
          control={
            <Checkbox
              id={id}
              checked={value === true}
              disabled={disabled}
              onChange={e => onChange(e.target.checked)}
            />
          }
          label={input.name}
        />
        {help && <FormHelperText>{help}</FormHelperText>}
      </FormControl>
    );
  }
  if (
    input.type === 'array' ||
    input.type === 'object' ||
    input.type === 'map'
  ) {
    return <JsonInputField {...props} />;
  }
  const allowed = input.constraints?.enum;
  if (allowed) {
    const index = allowed.findIndex(a => a === value);
    return (
      <TextField
        id={id}
        select
        label={input.name}
        required={required}
        fullWidth
        margin="dense"
        disabled={disabled}
        value={index < 0 ? '' : String(index)}
        error={error}
        helperText={help}
        onChange={e =>
          onChange(
            e.target.value === '' ? undefined : allowed[Number(e.target.value)],
          )
        }
      >
        {!required && (
          <MenuItem value="">
            <em>Not set</em>
          </MenuItem>
        )}
        {allowed.map((a, i) => (
          <MenuItem key={String(a)} value={String(i)}>
            {String(a)}
          </MenuItem>
        ))}
      </TextField>
    );
  }
  const numeric = input.type === 'number' || input.type === 'integer';
  let type = 'text';
  if (input.type === 'secret') type = 'password';
  else if (numeric) type = 'number';
  return (
    <TextField
      id={id}
      label={input.name}
      required={required}
      fullWidth
      margin="dense"
      disabled={disabled}
      type={type}
      autoComplete={input.type === 'secret' ? 'new-password' : undefined}
      value={value === undefined || value === null ? '' : String(value)}
      error={error}
      helperText={help}
      inputProps={
        numeric
          ? {
              min: input.constraints?.min,
              max: input.constraints?.max,
              step: input.type === 'integer' ? 1 : 'any',
            }
          : undefined
      }
      onChange={e => {
        const text = e.target.value;
        if (numeric) onChange(parseNumber(text));
        else onChange(text === '' ? undefined : text);
      }}
    />
  );
}
