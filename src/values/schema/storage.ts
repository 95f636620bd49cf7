/** Data volume on /app/backend/data and the optional object storage backend for uploaded files. */
import { z } from 'zod';
import { annotationMap, k8sLabelName, k8sSubdomainName, storageClassName, storageSize } from './primitives';

export const persistenceSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .meta({ description: 'Mount a PersistentVolumeClaim on /app/backend/data (otherwise an emptyDir).' }),
    existingClaim: k8sSubdomainName().optional().meta({
      description: 'Use this existing claim instead of rendering one. Declare its access modes in `accessModes`.',
    }),
    accessModes: z
      .array(z.enum(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']))
      .min(1)
      .default(['ReadWriteMany'])
      .meta({
        description:
          'Access modes. More than one replica needs ReadWriteMany (EFS, NFS, CephFS, Azure Files) unless files go to object storage.',
      }),
    storageClass: storageClassName().optional().meta({
      description:
        'StorageClass (RWX-capable, e.g. "efs-sc"): a lower-case DNS subdomain, as the API server requires. Unset: the cluster default; "-": no class (static provisioning).',
    }),
    size: storageSize().default('10Gi').meta({ description: 'Requested size.' }),
    annotations: annotationMap().default({}).meta({ description: 'Claim annotations.' }),
  })
  .prefault({})
  .meta({ description: 'Persistent data volume.' });

export const objectStorageSchema = z
  .strictObject({
    provider: z.enum(['local', 's3', 'gcs', 'azure']).default('local').meta({
      description: 'Where uploaded files go (`STORAGE_PROVIDER`): the data volume (`local`) or object storage.',
    }),
    s3: z
      .strictObject({
        bucketName: z.string().optional().meta({ description: 'S3 bucket for uploaded files.' }),
        regionName: z.string().optional().meta({ description: 'AWS region of the bucket, e.g. "us-east-1".' }),
        endpointUrl: z.string().url().optional().meta({ description: 'Only for S3-compatible stores (MinIO, R2).' }),
        keyPrefix: z.string().optional().meta({ description: 'Prefix of every object key in the bucket.' }),
        credentialsFromSecret: z.boolean().default(false).meta({
          description:
            'Read `S3_ACCESS_KEY_ID`/`S3_SECRET_ACCESS_KEY` from a Secret (the app Secret, or `existingSecret`); off: use workload identity such as IRSA.',
        }),
        existingSecret: k8sSubdomainName().optional().meta({
          description:
            'Secret holding both keys under `secrets.keys.s3AccessKeyId` and `secrets.keys.s3SecretAccessKey` (with `credentialsFromSecret`; default: the app Secret).',
        }),
      })
      .prefault({})
      .meta({ description: 'S3 settings.' }),
    gcs: z
      .strictObject({
        bucketName: z.string().optional().meta({ description: 'GCS bucket for uploaded files.' }),
        credentialsFromSecret: z.boolean().default(false).meta({
          description:
            'Read `GOOGLE_APPLICATION_CREDENTIALS_JSON` from a Secret (the app Secret, or `existingSecret`).',
        }),
        existingSecret: k8sSubdomainName().optional().meta({
          description:
            'Secret holding it under `secrets.keys.gcsCredentialsJson` (with `credentialsFromSecret`; default: the app Secret).',
        }),
      })
      .prefault({})
      .meta({ description: 'Google Cloud Storage settings.' }),
    azure: z
      .strictObject({
        endpoint: z.string().url().optional().meta({
          description: 'Blob service endpoint, e.g. "https://<account>.blob.core.windows.net".',
        }),
        containerName: k8sLabelName().optional().meta({ description: 'Blob container for uploaded files.' }),
        credentialsFromSecret: z
          .boolean()
          .default(false)
          .meta({ description: 'Read `AZURE_STORAGE_KEY` from a Secret (the app Secret, or `existingSecret`).' }),
        existingSecret: k8sSubdomainName().optional().meta({
          description:
            'Secret holding it under `secrets.keys.azureStorageKey` (with `credentialsFromSecret`; default: the app Secret).',
        }),
      })
      .prefault({})
      .meta({ description: 'Azure Blob Storage settings.' }),
  })
  .prefault({})
  .meta({ description: 'File storage backend.' });
