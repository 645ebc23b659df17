import { createMailActivities, type MailDeps } from './mail';

export type ActivityDeps = MailDeps;

/** Every activity the worker registers, built over its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return { ...createMailActivities(deps) };
}
