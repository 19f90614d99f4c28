import semver from 'semver';
import type { AdoptionComponent } from './adoption';

/** The annotation of a Template entity naming its current version. @public */
export const TEMPLATE_VERSION_ANNOTATION = 'goldpath.dev/template-version';

/**
 * One version-drift notice: the owner of services created from an older
 * version of a template, told once per current version of the template.
 *
 * @public
 */
export interface VersionDriftNotice {
  template: string;
  /** The template's title (its ref without one). */
  title: string;
  /** The template's current version, from its annotation. */
  currentVersion: string;
  /** The owner (group or user ref) notified. */
  owner: string;
  /** The owner's services behind `currentVersion`, by ref. */
  services: { ref: string; version: string }[];
}

/** Code-unit order: independent of locale and collation. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * The notices a template's new version calls for: for every template whose
 * current version comes from its `goldpath.dev/template-version` annotation
 * (never from the highest version seen, which no service can be behind),
 * every owner of a service created from an older version. Only semantic
 * versions compare; a service without a version, or with a version that is
 * not semver, is not known to be behind and is not told. A service without
 * owner has no one to tell. Ordered by template, then owner; services by ref.
 *
 * @public
 */
export function versionDriftNotices(options: {
  components: readonly AdoptionComponent[];
  /** Template ref → the version its annotation names. */
  templateVersions: ReadonlyMap<string, string>;
  titles?: ReadonlyMap<string, string>;
}): VersionDriftNotice[] {
  const byKey = new Map<string, VersionDriftNotice>();
  for (const component of options.components) {
    const template = component.template;
    if (!template?.version) continue;
    const currentVersion = options.templateVersions.get(template.ref);
    if (currentVersion === undefined) continue;
    const current = semver.valid(currentVersion, { loose: true });
    const version = semver.valid(template.version, { loose: true });
    if (!current || !version || !semver.lt(version, current)) continue;
    for (const owner of new Set(component.owners)) {
      const key = `${template.ref}\u0000${owner}`;
      let notice = byKey.get(key);
      if (!notice) {
        notice = {
          template: template.ref,
          title: options.titles?.get(template.ref) ?? template.ref,
          currentVersion,
          owner,
          services: [],
        };
        byKey.set(key, notice);
      }
      notice.services.push({ ref: component.ref, version: template.version });
    }
  }
  const notices = [...byKey.values()].sort(
    (a, b) =>
      compareText(a.template, b.template) || compareText(a.owner, b.owner),
  );
  for (const notice of notices) {
    notice.services.sort((a, b) => compareText(a.ref, b.ref));
  }
  return notices;
}

/**
 * The text of a notice: `<template> 2.1.0 is out` and, for each service,
 * `<service> runs 1.4.0`. Services are named by their entity name.
 *
 * @public
 */
export function versionDriftNoticeText(notice: VersionDriftNotice): {
  title: string;
  description: string;
} {
  const name = (ref: string) => ref.slice(ref.indexOf('/') + 1);
  return {
    title: `${notice.title} ${notice.currentVersion} is out`,
    description: `${notice.services
      .map(s => `${name(s.ref)} runs ${s.version}`)
      .join('; ')}. Update from the template to get its fixes and defaults.`,
  };
}
