import {
  isStage
} from "./chunk-5YJFGHFQ.js";

// shared/ledger/ledger.ts
import { createHash } from "node:crypto";
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
var DAY = 86400;
var Ledger = class {
  constructor(db, table, now = () => /* @__PURE__ */ new Date()) {
    this.db = db;
    this.table = table;
    this.now = now;
  }
  db;
  table;
  now;
  /** Deterministic run id of an object (and archive member): replays and re-drops find the same run. */
  static runIdOf(id) {
    const h = createHash("sha256").update(`${id.bucket}\0${id.key}\0${id.etag}\0${id.member ?? ""}`).digest("hex");
    return `run_${h.slice(0, 20)}`;
  }
  /** Creates a run record in its first state unless it exists; false (and nothing written) when it does. */
  async createRun(run) {
    const at = this.now().toISOString();
    const stage = activeStageOf(run.state);
    const item = {
      counts: {},
      ...run,
      ...stage ? { activeStage: stage, stages: { [stage]: { startedAt: at } } } : {},
      progressAt: at,
      createdAt: at,
      updatedAt: at
    };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `RUN#${run.runId}`, sk: "RUN", ...item },
          ConditionExpression: "attribute_not_exists(pk)"
        })
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }
  async getRun(runId) {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: `RUN#${runId}`, sk: "RUN" }, ConsistentRead: true }));
    return r.Item ? stripKeys(r.Item) : void 0;
  }
  /**
   * Sets attributes of a run (counts merged field by field). With `ifState`, only while the run is in one of those
   * states (false when it is not: a late message about a run that moved on). `remove` drops attributes.
   */
  async updateRun(runId, changes, options = {}) {
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
    const removes = (options.remove ?? []).map((k) => (names[`#r_${k}`] = k, `#r_${k}`));
    let condition = "attribute_exists(pk)";
    if (options.ifState) {
      names["#state"] = "state";
      const keys = options.ifState.map((s, i) => (values[`:if${i}`] = s, `:if${i}`));
      condition += ` AND #state IN (${keys.join(", ")})`;
    }
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `RUN#${runId}`, sk: "RUN" },
          UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values
        })
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException && options.ifState) return false;
      throw e;
    }
  }
  /** Runs of a feed, newest first, optionally since an ISO time (for people: `flatfeed runs`, the demo, cadence). */
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
  /** Runs in a stage that have not moved since `before` (ISO), oldest first: the watchdog's query. */
  async runsIdleIn(stage, before, limit = 100) {
    const r = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: "byStage",
        KeyConditionExpression: "activeStage = :s AND progressAt < :before",
        ExpressionAttributeValues: { ":s": stage, ":before": before },
        Limit: limit
      })
    );
    return (r.Items ?? []).map((i) => stripKeys(i));
  }
  /** Points a Flatfile id (file, workbook, sheet, job) at its run, so events find the run they belong to. */
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
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk, sk }, ConsistentRead: true }));
    return r.Item?.value;
  }
  async setValue(pk, sk, value) {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk, sk, value } }));
  }
  /**
   * Moves a stored string forward to `to` and never back (one conditional write; an overlapping writer that got
   * further first wins). Returns whether it moved.
   */
  async advanceValue(pk, sk, to) {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk, sk },
          UpdateExpression: "SET #v = :to",
          ConditionExpression: "attribute_not_exists(#v) OR #v < :to",
          ExpressionAttributeNames: { "#v": "value" },
          ExpressionAttributeValues: { ":to": to }
        })
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }
  ttl(days) {
    return Math.floor(this.now().getTime() / 1e3) + days * DAY;
  }
};
function activeStageOf(state) {
  return isStage(state) ? state : void 0;
}
function stripKeys(item) {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest;
}

export {
  Ledger,
  activeStageOf
};
//# sourceMappingURL=chunk-A24VEB3K.js.map
