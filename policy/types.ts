// Resource type tokens the rules look at, in one place. Vertex models and batch jobs are dynamic resources
// (infra/vertex/*): their token is `pulumi-nodejs:dynamic/<module>:<Type>`, so they are matched by type name.
export const BUCKET = 'gcp:storage/bucket:Bucket';
export const BUCKET_IAM_MEMBER = 'gcp:storage/bucketIAMMember:BucketIAMMember';
export const BUCKET_IAM_BINDING = 'gcp:storage/bucketIAMBinding:BucketIAMBinding';
export const BUCKET_IAM_POLICY = 'gcp:storage/bucketIAMPolicy:BucketIAMPolicy';
export const BUCKET_ACL = 'gcp:storage/bucketACL:BucketACL';
export const BUCKET_ACCESS_CONTROL = 'gcp:storage/bucketAccessControl:BucketAccessControl';
export const DEFAULT_OBJECT_ACCESS_CONTROL = 'gcp:storage/defaultObjectAccessControl:DefaultObjectAccessControl';
export const OBJECT_ACCESS_CONTROL = 'gcp:storage/objectAccessControl:ObjectAccessControl';
export const PROJECT_IAM_MEMBER = 'gcp:projects/iAMMember:IAMMember';
export const PROJECT_IAM_BINDING = 'gcp:projects/iAMBinding:IAMBinding';
export const PROJECT_IAM_POLICY = 'gcp:projects/iAMPolicy:IAMPolicy';
export const FOLDER_IAM_MEMBER = 'gcp:folder/iAMMember:IAMMember';
export const FOLDER_IAM_BINDING = 'gcp:folder/iAMBinding:IAMBinding';
export const FOLDER_IAM_POLICY = 'gcp:folder/iAMPolicy:IAMPolicy';
export const ORGANIZATION_IAM_MEMBER = 'gcp:organizations/iAMMember:IAMMember';
export const ORGANIZATION_IAM_BINDING = 'gcp:organizations/iAMBinding:IAMBinding';
export const ORGANIZATION_IAM_POLICY = 'gcp:organizations/iAMPolicy:IAMPolicy';
export const OBJECT_ACL = 'gcp:storage/objectACL:ObjectACL';
export const DEFAULT_OBJECT_ACL = 'gcp:storage/defaultObjectACL:DefaultObjectACL';
export const MANAGED_FOLDER_IAM_MEMBER = 'gcp:storage/managedFolderIamMember:ManagedFolderIamMember';
export const MANAGED_FOLDER_IAM_BINDING = 'gcp:storage/managedFolderIamBinding:ManagedFolderIamBinding';
export const MANAGED_FOLDER_IAM_POLICY = 'gcp:storage/managedFolderIamPolicy:ManagedFolderIamPolicy';

const dynamicOfType = (typeName: string) => new RegExp(`^pulumi-nodejs:dynamic(/[^:]+)?:${typeName}$`);
export const isBatchPredictionJob = (type: string): boolean => dynamicOfType('BatchPredictionJob').test(type);
export const isVertexModel = (type: string): boolean => dynamicOfType('(Vertex)?Model').test(type);
