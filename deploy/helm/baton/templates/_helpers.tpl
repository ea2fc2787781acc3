{{/* Names: <release>-baton unless the release name already says baton. */}}
{{- define "baton.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "baton.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "baton.labels" -}}
{{ include "baton.selectorLabels" . }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* More than one Baton process: they must share PostgreSQL and the master key, and cannot share a volume claim. */}}
{{- define "baton.severalProcesses" -}}
{{- if or (gt (int .Values.replicaCount) 1) .Values.worker.enabled -}}true{{- end -}}
{{- end -}}

{{/* The credentials the chart itself keeps in its Secret: env name → value, only those given. */}}
{{- define "baton.credentialEnv" -}}
BATON_GITHUB_APP_SLUG: app_name
BATON_GITHUB_APP_ID: app_id
BATON_GITHUB_APP_CLIENT_ID: client_id
BATON_GITHUB_APP_CLIENT_SECRET: client_secret
BATON_GITHUB_APP_PRIVATE_KEY: private_key
BATON_GITHUB_APP_WEBHOOK_SECRET: git_webhook_secret
{{- end -}}

{{- define "baton.credentialValue" -}}
{{- $field := .field -}}
{{- if eq $field "git_webhook_secret" -}}
{{- .values.credentials.git_webhook_secret | toString -}}
{{- else -}}
{{- index .values.credentials.github $field | toString -}}
{{- end -}}
{{- end -}}

{{/* Settings every Baton container gets; secrets only as references to a Secret, never as values. */}}
{{- define "baton.env" -}}
{{- $fullname := include "baton.fullname" . -}}
- name: BATON_HOST
  value: "0.0.0.0"
- name: BATON_PORT
  value: "3000"
- name: BATON_DATA_DIR
  value: /data
- name: BATON_PUBLIC_URL
  value: {{ .Values.publicUrl | quote }}
- name: BATON_TRUST_PROXY
  value: {{ .Values.trustProxy | toString | quote }}
- name: BATON_LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
{{- if .Values.secretKey.existingSecret }}
- name: BATON_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.secretKey.existingSecret }}
      key: {{ .Values.secretKey.existingSecretKey }}
{{- else if .Values.secretKey.value }}
- name: BATON_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $fullname }}
      key: secret-key
{{- end }}
{{- if .Values.database.existingSecret }}
- name: BATON_DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.existingSecret }}
      key: {{ .Values.database.existingSecretKey }}
{{- else if .Values.database.url }}
- name: BATON_DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ $fullname }}
      key: database-url
{{- end }}
{{- range $env, $field := include "baton.credentialEnv" . | fromYaml }}
{{- if $.Values.credentials.existingSecret }}
- name: {{ $env }}
  valueFrom:
    secretKeyRef:
      name: {{ $.Values.credentials.existingSecret }}
      key: {{ index $.Values.credentials.existingSecretKeys $field }}
      optional: true
{{- else if include "baton.credentialValue" (dict "values" $.Values "field" $field) }}
- name: {{ $env }}
  valueFrom:
    secretKeyRef:
      name: {{ $fullname }}
      key: {{ $field }}
{{- end }}
{{- end }}
{{- with .Values.credentials.github.base_url }}
- name: BATON_GITHUB_APP_BASE_URL
  value: {{ . | quote }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}
