# A call of the Terraform module ${{ values.block }}, built against its
# contract ${{ values.version }}. Secret inputs are never written here: each
# is a sensitive variable, set outside the repository (TF_VAR_<name>).

{%- for input in values.inputs %}
{%- if input.type == 'secret' %}

variable "${{ input.name }}" {
  type      = string
  sensitive = true
}
{%- endif %}
{%- endfor %}

module "${{ values.name | replace('-', '_') }}" {
  # The block's goldpath.dev/module-source annotation.
  source = ${{ (values.source or ('set the source of ' + values.block)) | dump }}
{%- if values.region %}
  # Deployed to ${{ values.region }} (goldpath.dev/region); the provider sets the region.
{%- endif %}
{%- for input in values.inputs %}
{%- if input.type == 'secret' %}
  ${{ input.name }} = var.${{ input.name }}
{%- elif values.blockValues[input.name] is defined %}
  ${{ input.name }} = ${{ values.blockValues[input.name] | dump }}
{%- endif %}
{%- endfor %}
}
