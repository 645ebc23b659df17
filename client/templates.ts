import { join } from 'node:path';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Config } from '../domain/config';
import { reloadProgrammeUpdate } from '../domain/delta/messages';
import { ErrorType, PlansyklusError } from '../domain/errors';
import { cycleSpecSchema } from '../domain/plan/cycle';
import { reloadPlanTemplatesUpdate } from '../domain/plan/messages';
import { revisionSpecSchema } from '../domain/plan/revision';
import { programmeKey } from '../domain/searchAttributes';
import { templatesDir } from '../infra/paths';
import { loadProgramme, readValidated } from './files';
import { updateLatestRun } from './steer';

export interface Reloaded {
  workflowId: string;
  /** 'ok', or why the workflow refused the new data (it then runs on as before). */
  outcome: string;
}

/**
 * Sends the programme and plan data as they are on disk now to running workflows (all, or the
 * ids given): each applies them from its next step on. Every file is read and validated before
 * anything is sent, so a bad file changes nothing anywhere.
 */
export async function reloadTemplates(client: Client, config: Config, ids: string[]): Promise<Reloaded[]> {
  const dir = config.templatesDir ?? templatesDir;
  const programme = loadProgramme('delta', dir);
  const planData = {
    cycle: readValidated(cycleSpecSchema(), join(dir, 'plan', 'cycle.yaml')),
    revision: readValidated(revisionSpecSchema(), join(dir, 'plan', 'revision.yaml')),
  };
  const targets = ids.length ? await Promise.all(ids.map((id) => typeOf(client, id))) : await running(client);
  const results: Reloaded[] = [];
  for (const { workflowId, type } of targets) {
    const handle = client.workflow.getHandle(workflowId);
    try {
      if (type === 'deltaCollaboration') await updateLatestRun(handle, (h) => h.executeUpdate(reloadProgrammeUpdate, { args: [{ programme }] }));
      else if (type === 'planCycle') await updateLatestRun(handle, (h) => h.executeUpdate(reloadPlanTemplatesUpdate, { args: [planData] }));
      else throw new PlansyklusError(ErrorType.invalidInput, `${workflowId} er verken et DelTa-samarbeid eller en plan`);
      results.push({ workflowId, outcome: 'ok' });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) results.push({ workflowId, outcome: err.cause?.message ?? err.message });
      else if (err instanceof PlansyklusError) results.push({ workflowId, outcome: err.message });
      else throw err;
    }
  }
  return results;
}

async function typeOf(client: Client, workflowId: string): Promise<{ workflowId: string; type: string }> {
  const described = await client.workflow.getHandle(workflowId).describe();
  return { workflowId, type: described.type };
}

async function running(client: Client): Promise<{ workflowId: string; type: string }[]> {
  const out: { workflowId: string; type: string }[] = [];
  const query = `ExecutionStatus = "Running" AND ${programmeKey.name} IN ("delta", "plan")`;
  for await (const w of client.workflow.list({ query })) out.push({ workflowId: w.workflowId, type: w.type });
  return out.sort((a, b) => a.workflowId.localeCompare(b.workflowId));
}
