/**
 * The Kubernetes and AWS Batch files in deploy/: each Kubernetes object validated against
 * the Kubernetes API schema (the `kubernetes-models` package, generated from the API's
 * OpenAPI definitions), the AWS Batch requests checked against the field names of the
 * AWS Batch API reference (RegisterJobDefinition, SubmitJob); and for both, the things a
 * schema cannot see: that shard tasks and merge agree on the shard count and the shared
 * result folder, and that the index comes from the environment the scheduler sets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { SLURM_EXAMPLE } from '../../src/campaign/slurm-scripts.js';
import { ROOT } from './slurm-cluster.js';

const K8S = join(ROOT, 'deploy/kubernetes');
const AWS = join(ROOT, 'deploy/aws-batch');

/** Every document of a YAML file, as plain data. */
function yamlObjects(file: string): Record<string, unknown>[] {
  const docs = parseAllDocuments(readFileSync(join(K8S, file), 'utf8'));
  for (const d of docs) expect(d.errors).toEqual([]);
  return docs.map((d) => d.toJS() as Record<string, unknown>);
}

/** The value after `flag` in an argument list. */
function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
}

/** The one object of a file, constructed and validated as its Kubernetes kind. */
function k8sJob(file: string): Job {
  const [doc, ...rest] = yamlObjects(file);
  expect(rest).toEqual([]);
  const job = new Job(doc as never);
  job.validate(); // throws a ValidationError naming the field
  return job;
}

describe('Kubernetes', () => {
  const [pvcDoc] = yamlObjects('results-pvc.yaml');
  const pvc = new PersistentVolumeClaim(pvcDoc as never);
  const shards = k8sJob('shards-job.yaml');
  const merge = k8sJob('merge-job.yaml');
  const shardPod = shards.spec!.template.spec!;
  const shardArgs = shardPod.containers[0]!.args!;

  test('every object is valid against the Kubernetes API schema', () => {
    expect(() => pvc.validate()).not.toThrow();
    expect(pvc.spec!.accessModes).toEqual(['ReadWriteMany']); // many pods on many nodes
  });

  test('the validation is real: a misspelt enum value, a string count or a bad restart policy is refused', () => {
    const broken = (edit: (doc: any) => void) => {
      const [doc] = yamlObjects('shards-job.yaml') as any[];
      edit(doc);
      return () => new Job(doc).validate();
    };
    expect(broken((d) => (d.spec.completionMode = 'indexed'))).toThrow(/completionMode/);
    expect(broken((d) => (d.spec.completions = '16'))).toThrow(/completions must be integer/);
    expect(broken((d) => (d.spec.template.spec.restartPolicy = 'never'))).toThrow(/restartPolicy/);
  });

  test('the shard Job is an Indexed Job, retried per index, pods never restarted in place', () => {
    expect(shards.spec!.completionMode).toBe('Indexed');
    expect(shards.spec!.backoffLimitPerIndex).toBeGreaterThanOrEqual(1);
    expect(shardPod.restartPolicy).toBe('Never'); // required by backoffLimitPerIndex
    expect(shards.spec!.parallelism).toBeLessThanOrEqual(shards.spec!.completions!);
  });

  test('pod i runs shard i of `completions`, from JOB_COMPLETION_INDEX, with one worker per CPU it requests', () => {
    expect(shardArgs[0]).toBe('run');
    expect(shardArgs).toContain('--shard-from-env');
    expect(flag(shardArgs, '--shards')).toBe(String(shards.spec!.completions));
    expect(flag(shardArgs, '--workers')).toBe(String(shardPod.containers[0]!.resources!.requests!.cpu));
    // Kubernetes sets JOB_COMPLETION_INDEX itself; nothing here may set another index.
    expect(shardPod.containers[0]!.env ?? []).toEqual([]);
  });

  test('shards and merge share the ReadWriteMany claim and the result folder', () => {
    const mountOf = (job: Job, path: string) => {
      const pod = job.spec!.template.spec!;
      const mount = pod.containers[0]!.volumeMounts!.find((m) => path.startsWith(`${m.mountPath}/`))!;
      return pod.volumes!.find((v) => v.name === mount.name)!;
    };
    const out = flag(shardArgs, '--out')!;
    expect(mountOf(shards, out).persistentVolumeClaim!.claimName).toBe(pvc.metadata!.name);
    expect(merge.spec!.template.spec!.containers[0]!.args).toEqual(['merge', out]);
    expect(mountOf(merge, out).persistentVolumeClaim!.claimName).toBe(pvc.metadata!.name);
    expect(mountOf(shards, shardArgs[1]!).configMap!.name).toBeTruthy(); // the scenario
    expect(merge.spec!.template.spec!.restartPolicy).toBe('Never');
  });
});

// Request fields of the AWS Batch API reference (RegisterJobDefinition, SubmitJob,
// ContainerProperties, ContainerOverrides): a misspelt key is not silently ignored here.
const JOB_DEFINITION_KEYS = ['jobDefinitionName', 'type', 'parameters', 'schedulingPriority', 'containerProperties', 'nodeProperties', 'retryStrategy', 'propagateTags', 'timeout', 'tags', 'platformCapabilities', 'eksProperties', 'ecsProperties', 'consumableResourceProperties'];
const CONTAINER_KEYS = ['image', 'vcpus', 'memory', 'command', 'jobRoleArn', 'executionRoleArn', 'volumes', 'environment', 'mountPoints', 'readonlyRootFilesystem', 'privileged', 'ulimits', 'user', 'instanceType', 'resourceRequirements', 'linuxParameters', 'logConfiguration', 'secrets', 'networkConfiguration', 'fargatePlatformConfiguration', 'ephemeralStorage', 'runtimePlatform', 'repositoryCredentials', 'enableExecuteCommand'];
const SUBMIT_KEYS = ['jobName', 'jobQueue', 'shareIdentifier', 'schedulingPriorityOverride', 'arrayProperties', 'dependsOn', 'jobDefinition', 'parameters', 'containerOverrides', 'nodeOverrides', 'retryStrategy', 'propagateTags', 'timeout', 'tags', 'eksPropertiesOverride', 'ecsPropertiesOverride', 'consumableResourcePropertiesOverride'];
const OVERRIDE_KEYS = ['vcpus', 'memory', 'command', 'instanceType', 'environment', 'resourceRequirements'];
const INDEX_VARIABLES = ['SLURM_ARRAY_TASK_ID', 'JOB_COMPLETION_INDEX', 'AWS_BATCH_JOB_ARRAY_INDEX'];

describe('AWS Batch', () => {
  const json = (file: string) => JSON.parse(readFileSync(join(AWS, file), 'utf8'));
  const definition = json('job-definition.json');
  const submitShards = json('submit-shards.json');
  const submitMerge = json('submit-merge.json');
  const container = definition.containerProperties;
  const command: string[] = container.command;

  test('only fields the AWS Batch API knows', () => {
    const unknown = (o: object, known: string[]) => Object.keys(o).filter((k) => !known.includes(k));
    expect(unknown(definition, JOB_DEFINITION_KEYS)).toEqual([]);
    expect(unknown(container, CONTAINER_KEYS)).toEqual([]);
    expect(unknown(submitShards, SUBMIT_KEYS)).toEqual([]);
    expect(unknown(submitMerge, SUBMIT_KEYS)).toEqual([]);
    expect(unknown(submitMerge.containerOverrides, OVERRIDE_KEYS)).toEqual([]);
  });

  test('the job definition: a container running a shard from the array index, one worker per vCPU, retried', () => {
    expect(definition.type).toBe('container');
    expect(container.image).toMatch(/scale-across/);
    expect(command[0]).toBe('run');
    expect(command).toContain('--shard-from-env');
    const vcpus = container.resourceRequirements.find((r: { type: string }) => r.type === 'VCPU').value;
    expect(flag(command, '--workers')).toBe(vcpus);
    expect(definition.retryStrategy.attempts).toBeGreaterThanOrEqual(2);
    // AWS Batch sets AWS_BATCH_JOB_ARRAY_INDEX in each child; no other index may be set.
    const names = (container.environment ?? []).map((e: { name: string }) => e.name);
    expect(names.filter((n: string) => INDEX_VARIABLES.includes(n))).toEqual([]);
  });

  test('the array has one child per shard', () => {
    expect(submitShards.jobDefinition).toBe(definition.jobDefinitionName);
    expect(submitShards.jobQueue).toBeTruthy();
    expect(String(submitShards.arrayProperties.size)).toBe(flag(command, '--shards'));
    expect(submitShards.arrayProperties.size).toBeGreaterThanOrEqual(2); // the API's minimum
    expect(submitShards.dependsOn).toBeUndefined();
  });

  test('the merge: one job after the whole array (a standard dependency, not N_TO_N), on the same EFS folder', () => {
    expect(submitMerge.jobDefinition).toBe(definition.jobDefinitionName);
    expect(submitMerge.arrayProperties).toBeUndefined();
    expect(submitMerge.dependsOn).toHaveLength(1);
    expect(submitMerge.dependsOn[0].jobId).toBeTruthy();
    expect(submitMerge.dependsOn[0].type).toBeUndefined();
    expect(submitMerge.containerOverrides.command).toEqual(['merge', flag(command, '--out')]);
    const mount = container.mountPoints[0];
    const volume = container.volumes.find((v: { name: string }) => v.name === mount.sourceVolume);
    expect(volume.efsVolumeConfiguration.fileSystemId).toMatch(/^fs-/);
    expect(flag(command, '--out')!.startsWith(`${mount.containerPath}/`)).toBe(true);
    expect(command[1]!.startsWith(`${mount.containerPath}/`)).toBe(true); // the scenario, on EFS too
  });
});

test('the three deployments show the same campaign: shards, parallel tasks, CPUs per task', () => {
  const [job] = yamlObjects('shards-job.yaml') as any[];
  const definition = JSON.parse(readFileSync(join(AWS, 'job-definition.json'), 'utf8'));
  expect(job.spec.completions).toBe(SLURM_EXAMPLE.shards);
  expect(job.spec.parallelism).toBe(SLURM_EXAMPLE.parallel);
  expect(job.spec.template.spec.containers[0].resources.requests.cpu).toBe(String(SLURM_EXAMPLE.cpusPerTask));
  expect(JSON.parse(readFileSync(join(AWS, 'submit-shards.json'), 'utf8')).arrayProperties.size).toBe(SLURM_EXAMPLE.shards);
  expect(flag(definition.containerProperties.command, '--trials')).toBe(String(SLURM_EXAMPLE.trials));
});
