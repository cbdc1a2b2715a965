// Every labelled resource of the product carries the labels cost reports and cleanup rely on.
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { BUCKET, isBatchPredictionJob, isVertexModel } from '../types';

export const REQUIRED_LABELS = ['app', 'environment', 'managed-by'] as const;

const isLabelled = (type: string) => type === BUCKET || isBatchPredictionJob(type) || isVertexModel(type);

export const labelsPresent: ResourceValidationPolicy = {
  name: 'labels-present',
  description: `Buckets, Vertex models and batch jobs carry the labels ${REQUIRED_LABELS.join(', ')}.`,
  enforcementLevel: 'mandatory',
  validateResource: (args, reportViolation) => {
    if (!isLabelled(args.type)) return;
    const labels: Record<string, unknown> = args.props.labels ?? {};
    const missing = REQUIRED_LABELS.filter((key) => typeof labels[key] !== 'string' || labels[key] === '');
    if (missing.length > 0) {
      reportViolation(`labels: missing ${missing.join(', ')} (has ${Object.keys(labels).join(', ') || 'none'}); allowed: any labels that include ${REQUIRED_LABELS.join(', ')}`);
    }
  },
};
