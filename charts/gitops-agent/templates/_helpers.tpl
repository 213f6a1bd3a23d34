{{/* Chart name, overridable. */}}
{{- define "gitops-agent.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: <release>-<chart>, or the release name when it already contains the chart name. */}}
{{- define "gitops-agent.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Chart label value: name-version. */}}
{{- define "gitops-agent.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels every object carries. */}}
{{- define "gitops-agent.labels" -}}
helm.sh/chart: {{ include "gitops-agent.chart" . }}
{{ include "gitops-agent.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: gitops-agent
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* The controller image: by digest when one is given (exactly that image runs), else by tag (default: appVersion). */}}
{{- define "gitops-agent.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/* Labels that select the controller pods (all shards). */}}
{{- define "gitops-agent.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gitops-agent.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The ServiceAccount the controller runs as. */}}
{{- define "gitops-agent.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "gitops-agent.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* True (non-empty) when the chart renders one Deployment per shard. */}}
{{- define "gitops-agent.sharded" -}}
{{- if gt (int .Values.controller.sharding.shards) 1 }}true{{ end }}
{{- end }}

{{/* Name of one shard's objects; takes (dict "root" $ "shard" N). Unsharded: the full name. */}}
{{- define "gitops-agent.shardName" -}}
{{- $full := include "gitops-agent.fullname" .root }}
{{- if include "gitops-agent.sharded" .root }}
{{- printf "%s-shard-%d" ($full | trunc 55 | trimSuffix "-") (int .shard) }}
{{- else }}
{{- $full }}
{{- end }}
{{- end }}

{{/* Selector labels of one shard's pods; takes (dict "root" $ "shard" N). */}}
{{- define "gitops-agent.shardSelectorLabels" -}}
{{ include "gitops-agent.selectorLabels" .root }}
{{- if include "gitops-agent.sharded" .root }}
gitopsagent.io/shard: {{ .shard | quote }}
{{- end }}
{{- end }}

{{/* Base Lease name passed to --lease-name; with shards the controller makes it <name>-shard-N. */}}
{{- define "gitops-agent.leaseName" -}}
{{- default (include "gitops-agent.fullname" .) .Values.controller.leaderElection.leaseName }}
{{- end }}

{{/* Namespaces whose Applications are watched: explicit list, else rbac.namespaces in namespace scope. */}}
{{- define "gitops-agent.watchNamespaces" -}}
{{- if .Values.controller.watchNamespaces }}
{{- toJson .Values.controller.watchNamespaces }}
{{- else if eq .Values.rbac.scope "namespace" }}
{{- toJson .Values.rbac.namespaces }}
{{- else }}
{{- toJson (list) }}
{{- end }}
{{- end }}

{{/* Claim name of the git cache when persistence is on; takes (dict "root" $ "shard" N). */}}
{{- define "gitops-agent.cacheClaimName" -}}
{{- if .root.Values.persistence.existingClaim }}
{{- .root.Values.persistence.existingClaim }}
{{- else }}
{{- printf "%s-cache" (include "gitops-agent.shardName" .) }}
{{- end }}
{{- end }}
