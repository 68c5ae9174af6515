// The CDK app entry (cdk.json "app"): both stacks, checked by cdk-nag AwsSolutions at every synth.
import { App } from 'aws-cdk-lib';
import { buildStacks } from '../app.js';

const app = new App();
buildStacks(app);
app.synth();
