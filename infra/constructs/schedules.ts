// EventBridge Scheduler schedules from the topology, each in its own time zone (Scheduler handles DST).
import { Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import type { FunctionId, ScheduleSpec } from '../topology.js';
import type { Functions } from './functions.js';
import { nagRef, pascal } from './names.js';

export class Schedules extends Construct {
  readonly schedules = new Map<string, Schedule>();
  private readonly roles = new Map<FunctionId, Role>();

  constructor(scope: Construct, id: string, specs: readonly ScheduleSpec[], functions: Functions) {
    super(scope, id);
    for (const spec of specs) {
      const { fn } = functions.get(spec.target);
      const schedule = new Schedule(this, pascal(spec.id), {
        description: `flatfeed ${spec.id}`,
        schedule: ScheduleExpression.expression(spec.expression, TimeZone.of(spec.timezone)),
        target: new LambdaInvoke(fn, { input: ScheduleTargetInput.fromObject(spec.input), role: this.roleFor(spec.target, functions) }),
      });
      this.schedules.set(spec.id, schedule);
    }
  }

  /** One invoke role per target function, assumable only by Scheduler on behalf of this account. */
  private roleFor(target: FunctionId, functions: Functions): Role {
    const existing = this.roles.get(target);
    if (existing) return existing;
    const { fn } = functions.get(target);
    const role = new Role(this, `${pascal(target)}InvokeRole`, {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: `EventBridge Scheduler invokes flatfeed ${target}`,
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${nagRef(fn)}.Arn>:*]`,
      reason: 'LambdaInvoke grants lambda:InvokeFunction on the function and its versions/aliases; nothing else.',
    });
    this.roles.set(target, role);
    return role;
  }
}
