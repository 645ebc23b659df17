import type { Connection } from '@temporalio/client';
import { status as grpcStatus } from '@grpc/grpc-js';
import { searchAttributeKeys } from '../domain/searchAttributes';

/** temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD */
const KEYWORD = 2;

/**
 * Registers plansyklus' search attributes on a namespace; those already there are left alone.
 * (The time-skipping test server cannot list them, so each is added and "already exists" is fine.)
 */
export async function registerSearchAttributes(connection: Pick<Connection, 'operatorService'>, namespace: string): Promise<void> {
  for (const key of searchAttributeKeys) {
    await connection.operatorService
      .addSearchAttributes({ namespace, searchAttributes: { [key.name]: KEYWORD } })
      .catch((err: { code?: number }) => {
        if (err.code !== grpcStatus.ALREADY_EXISTS) throw err;
      });
  }
}
