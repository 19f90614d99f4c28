import { Entity } from '@backstage/catalog-model';
import { TEMPLATE_VERSION_ANNOTATION } from '@goldpath/plugin-catalog-common';

/** A template's own version (`goldpath.dev/template-version`), when it has one. */
export function templateVersionOf(
  template: Entity | undefined,
): string | undefined {
  return (
    template?.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION] || undefined
  );
}
