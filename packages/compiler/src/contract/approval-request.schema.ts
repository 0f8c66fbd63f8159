// A copy of packages/runtime/src/contract/approval-request.schema.json, which stays the source: it ships
// with the Lambda handler that enforces it. A published package cannot import another package's files by relative
// path, so the compiler keeps this copy; test/contract/schema-copies.test.ts fails when the two differ.
export default {
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://agentflow.dev/schemas/approval-request.schema.json",
  "title": "agentflow approval request",
  "description": "The Lambda Payload that a compiled approval step sends to the workflow's approval responder through lambda:invoke.waitForTaskToken (docs/agent-adapter.md, \"Approvals\"). Only the responder receives the task token; reviewers get sealed links. Anything not listed here is a contract violation.",
  "type": "object",
  "required": [
    "kind",
    "version",
    "taskToken",
    "workflow",
    "step",
    "execution",
    "topicArn",
    "timeoutSeconds"
  ],
  "oneOf": [
    {
      "required": [
        "message"
      ]
    },
    {
      "required": [
        "messageParts"
      ]
    }
  ],
  "additionalProperties": false,
  "properties": {
    "kind": {
      "description": "Tells an approval request from the responder's other events (its HTTP decision endpoint).",
      "const": "agentflow.approval-request"
    },
    "version": {
      "description": "The contract version; a responder refuses a version it does not know.",
      "const": 1
    },
    "taskToken": {
      "description": "The waiting Task's token ($states.context.Task.Token): a bearer capability to decide the step, which never leaves the responder in clear.",
      "type": "string",
      "minLength": 1,
      "maxLength": 2048
    },
    "workflow": {
      "description": "The workflow's name.",
      "type": "string",
      "minLength": 1
    },
    "step": {
      "description": "The approval step's id.",
      "type": "string",
      "minLength": 1
    },
    "execution": {
      "description": "The execution ARN ($states.context.Execution.Id).",
      "type": "string",
      "minLength": 1,
      "maxLength": 2048,
      "pattern": "^arn:[^:]+:states:[^:]*:[^:]*:execution:"
    },
    "topicArn": {
      "description": "The SNS topic ARN the reviewers are notified on.",
      "type": "string",
      "pattern": "^arn:[a-z-]+:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]{1,256}$"
    },
    "subject": {
      "description": "The notification's subject line, as the step computes it.",
      "type": "string"
    },
    "message": {
      "description": "What the reviewers decide on: any JSON value the step computes (a string is shown as written, anything else as indented JSON). Exactly one of message and messageParts."
    },
    "messageParts": {
      "description": "The message when it splices offloaded values: text parts and expand parts, concatenated in order into the text the reviewers get, each expand part replaced with the S3 object its { \"$s3\": uri } pointers name (read with the responder role's s3:GetObject on the workflow's offload prefix). The items are exactly the adapter request's inputParts items. Exactly one of message and messageParts.",
      "type": "array",
      "minItems": 1,
      "items": {
        "anyOf": [
          {
            "type": "string"
          },
          {
            "type": "object",
            "required": [
              "expand"
            ],
            "additionalProperties": false,
            "properties": {
              "expand": {
                "description": "A value whose { \"$s3\": uri } pointers the adapter replaces with the JSON objects they name."
              },
              "path": {
                "description": "Field path selected in the expanded value.",
                "type": "array",
                "items": {
                  "anyOf": [
                    {
                      "type": "string"
                    },
                    {
                      "type": "integer"
                    }
                  ]
                }
              }
            }
          }
        ]
      }
    },
    "timeoutSeconds": {
      "description": "The step's TimeoutSeconds: how long the decision may take. Links expire no later.",
      "type": "integer",
      "minimum": 1
    },
    "heartbeatSeconds": {
      "description": "The step's HeartbeatSeconds, when declared: the responder sends a heartbeat once the reviewers are notified.",
      "type": "integer",
      "minimum": 1
    }
  }
};
