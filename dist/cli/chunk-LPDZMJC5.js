// shared/ledger/types.ts
var TERMINAL_STATES = ["done", "rejected", "unrouted", "expanded", "mismatch", "needs-review"];

// shared/ledger/ledger.ts
import { createHash, randomUUID } from "node:crypto";
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand
} from "@aws-sdk/lib-dynamodb";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
var DAY = 86400;
var Ledger = class _Ledger {
  constructor(db, table, now = () => /* @__PURE__ */ new Date()) {
    this.db = db;
    this.table = table;
    this.now = now;
  }
  db;
  table;
  now;
  /** Deterministic run id of an object (and archive member): replays find the same run. */
  static runIdOf(id) {
    const h = createHash("sha256").update(`${id.bucket}\0${id.key}\0${id.etag}\0${id.member ?? ""}`).digest("hex");
    return `run_${h.slice(0, 20)}`;
  }
  /**
   * Claims an object for processing: a lease on its run id (see acquireLease). A second claim of the same object is
   * refused while the first holds the lease or after it finished; a lease that ran out (the claimer died) is taken
   * over. Claims are kept for good, so a later drop of the identical object is still recognised.
   */
  async claim(id, leaseSeconds) {
    const runId = _Ledger.runIdOf(id);
    const owner = randomUUID();
    const lease = await this.acquireLease(`CLAIM#${runId}`, "CLAIM", owner, leaseSeconds, null);
    return lease.acquired ? { claimed: true, runId, owner } : { claimed: false, runId, state: lease.state };
  }
  /** Ends a claim with the run's outcome, so it is never taken over again. */
  async releaseClaim(runId, owner, outcome) {
    await this.completeLease(`CLAIM#${runId}`, "CLAIM", owner, outcome);
  }
  /** Gives up a claim after a retryable failure, so the redelivered message can take it at once. */
  async abandonClaim(runId, owner) {
    await this.releaseLease(`CLAIM#${runId}`, "CLAIM", owner);
  }
  /** Creates or overwrites a run record (a replay after a crash rewrites the same run). */
  async putRun(run) {
    const at = this.now().toISOString();
    const item = { counts: {}, ...run, createdAt: at, updatedAt: at };
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: `RUN#${run.runId}`, sk: "RUN", ...item } }));
    return item;
  }
  async getRun(runId) {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: `RUN#${runId}`, sk: "RUN" } }));
    return r.Item ? stripKeys(r.Item) : void 0;
  }
  /** Updates a run's state and any other attributes; counts are merged field by field. */
  async updateRun(runId, changes) {
    const names = { "#updatedAt": "updatedAt" };
    const values = { ":updatedAt": this.now().toISOString() };
    const sets = ["#updatedAt = :updatedAt"];
    const { counts, ...rest } = changes;
    for (const [k, v] of Object.entries(rest)) {
      if (v === void 0) continue;
      names[`#${k}`] = k;
      values[`:${k}`] = v;
      sets.push(`#${k} = :${k}`);
    }
    for (const [k, v] of Object.entries(counts ?? {})) {
      if (v === void 0) continue;
      names["#counts"] = "counts";
      names[`#c_${k}`] = k;
      values[`:c_${k}`] = v;
      sets.push(`#counts.#c_${k} = :c_${k}`);
    }
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: `RUN#${runId}`, sk: "RUN" },
        UpdateExpression: `SET ${sets.join(", ")}`,
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values
      })
    );
  }
  /**
   * Lets exactly one caller take a once-per-run step (e.g. starting egress). A caller that dies after claiming
   * leaves the step claimed: the run then stays visibly unfinished in the ledger rather than running twice.
   */
  async claimRunStep(runId, step) {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `RUN#${runId}`, sk: `STEP#${step}`, at: this.now().toISOString() },
          ConditionExpression: "attribute_not_exists(pk)"
        })
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }
  /** Runs of a feed, newest first, optionally since an ISO time. */
  async listRuns(feed, since, limit = 100) {
    const r = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: "byFeed",
        KeyConditionExpression: since ? "feed = :f AND createdAt >= :since" : "feed = :f",
        ExpressionAttributeValues: since ? { ":f": feed, ":since": since } : { ":f": feed },
        ScanIndexForward: false,
        Limit: limit
      })
    );
    return (r.Items ?? []).filter((i) => i.sk === "RUN").map((i) => stripKeys(i));
  }
  /** Points a Flatfile id (file, workbook, job) at its run, so events can find the run they belong to. */
  async link(kind, id, runId) {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: `${kind.toUpperCase()}#${id}`, sk: "LINK", runId, expiresAt: this.ttl(90) }
      })
    );
  }
  async runIdFor(kind, id) {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: `${kind.toUpperCase()}#${id}`, sk: "LINK" } }));
    return r.Item?.runId;
  }
  async getValue(pk, sk) {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk, sk } }));
    return r.Item?.value;
  }
  async setValue(pk, sk, value) {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk, sk, value } }));
  }
  /**
   * Stores a small value only if the stored one is still `expected` (absent when undefined): optimistic concurrency
   * for cursors and one-time registrations. False when someone else changed it first.
   */
  async replaceValue(pk, sk, value, expected) {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk, sk, value },
          ...expected === void 0 ? { ConditionExpression: "attribute_not_exists(pk)" } : {
            ConditionExpression: "#v = :expected",
            ExpressionAttributeNames: { "#v": "value" },
            ExpressionAttributeValues: { ":expected": expected }
          }
        })
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }
  /**
   * Takes a lease on any key (e.g. "process event X once"), identified by `owner`. Refused while another owner's
   * lease runs or after the key is done; an expired lease (its owner died) can be taken over. Kept `keepDays`.
   */
  async acquireLease(pk, sk, owner, leaseSeconds, keepDays = 7) {
    const now = this.now().getTime();
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk,
            sk,
            state: "processing",
            owner,
            leaseUntil: now + leaseSeconds * 1e3,
            ...keepDays === null ? {} : { expiresAt: this.ttl(keepDays) }
          },
          ConditionExpression: "attribute_not_exists(pk) OR (#s = :processing AND leaseUntil < :now)",
          ExpressionAttributeNames: { "#s": "state" },
          ExpressionAttributeValues: { ":processing": "processing", ":now": now }
        })
      );
      return { acquired: true };
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      const existing = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk, sk }, ConsistentRead: true }));
      return { acquired: false, state: String(existing.Item?.state ?? "processing") };
    }
  }
  /** Marks a lease's key finished for good; false when the lease had expired and another owner took it over. */
  async completeLease(pk, sk, owner, outcome = "done") {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk, sk },
          UpdateExpression: "SET #s = :done, doneAt = :at REMOVE leaseUntil",
          ConditionExpression: "#o = :owner",
          ExpressionAttributeNames: { "#s": "state", "#o": "owner" },
          ExpressionAttributeValues: { ":done": outcome, ":at": this.now().toISOString(), ":owner": owner }
        })
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }
  /** Gives a lease back after a failure so a retry can take it at once; a no-op when it is no longer ours. */
  async releaseLease(pk, sk, owner) {
    await this.db.send(
      new DeleteCommand({
        TableName: this.table,
        Key: { pk, sk },
        ConditionExpression: "#s = :processing AND #o = :owner",
        ExpressionAttributeNames: { "#s": "state", "#o": "owner" },
        ExpressionAttributeValues: { ":processing": "processing", ":owner": owner }
      })
    ).catch((e) => {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    });
  }
  ttl(days) {
    return Math.floor(this.now().getTime() / 1e3) + days * DAY;
  }
};
function stripKeys(item) {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest;
}

export {
  TERMINAL_STATES,
  Ledger
};
//# sourceMappingURL=chunk-LPDZMJC5.js.map
