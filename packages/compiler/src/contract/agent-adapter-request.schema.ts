// A copy of packages/runtime/src/contract/agent-adapter-request.schema.json, which stays the source: it ships
// with the Lambda handler that enforces it. A published package cannot import another package's files by relative
// path, so the compiler keeps this copy; test/contract/schema-copies.test.ts fails when the two differ.
export default {
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://agentflow.dev/schemas/agent-adapter-request.schema.json",
  "title": "agentflow agent adapter request",
  "description": "The Lambda Payload that compiled agent steps send to the agent adapter (docs/agent-adapter.md). Every field the compiler can emit is listed here; anything else is a contract violation.",
  "type": "object",
  "required": [
    "agentId",
    "agentAliasId",
    "sessionId",
    "outputSchema",
    "maxOutputBytes"
  ],
  "oneOf": [
    {
      "required": [
        "inputText"
      ]
    },
    {
      "required": [
        "inputParts"
      ]
    }
  ],
  "additionalProperties": false,
  "properties": {
    "agentId": {
      "description": "Bedrock agent id, resolved from the environment at compile time.",
      "type": "string",
      "pattern": "^[0-9a-zA-Z]{10}$"
    },
    "agentAliasId": {
      "description": "Bedrock agent alias id (TSTALIASID is the draft alias).",
      "type": "string",
      "pattern": "^[0-9a-zA-Z]{10}$"
    },
    "sessionId": {
      "description": "<execution name>:<step id>[:<iteration>...], each iteration an enclosing map index or loop round (rounds left out for session across-rounds): stable across retries, distinct per map iteration and loop round.",
      "type": "string",
      "minLength": 1
    },
    "inputText": {
      "description": "The prompt, already interpolated.",
      "type": "string"
    },
    "inputParts": {
      "description": "The prompt when it splices offloaded data: text parts and expand parts, concatenated in order.",
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
    "outputSchema": {
      "description": "JSON Schema (2020-12) of the answer; {\"type\":\"string\"} means plain text.",
      "type": "object"
    },
    "maxOutputBytes": {
      "description": "Most UTF-8 bytes the JSON of the returned Payload may take (the answer, or the inline fields plus pointer when offloaded). Larger: fail with Agentflow.AnswerTooLarge, never truncate.",
      "type": "integer",
      "minimum": 1
    },
    "offload": {
      "description": "Write the whole answer to s3://bucket/key and return only the inline top-level fields plus \"$s3\".",
      "type": "object",
      "required": [
        "bucket",
        "key",
        "inline"
      ],
      "additionalProperties": false,
      "properties": {
        "bucket": {
          "type": "string",
          "minLength": 3,
          "maxLength": 63
        },
        "key": {
          "type": "string",
          "minLength": 1,
          "maxLength": 1024
        },
        "inline": {
          "description": "Top-level answer fields returned next to the pointer.",
          "type": "array",
          "uniqueItems": true,
          "items": {
            "type": "string"
          }
        },
        "arrays": {
          "description": "Top-level array fields also written alone, as a JSON array at their own key (a Distributed Map's ItemReader reads it).",
          "type": "array",
          "minItems": 1,
          "items": {
            "type": "object",
            "required": [
              "field",
              "key"
            ],
            "additionalProperties": false,
            "properties": {
              "field": {
                "type": "string"
              },
              "key": {
                "type": "string",
                "minLength": 1,
                "maxLength": 1024
              }
            }
          }
        }
      }
    }
  }
};
