"""The prompt registry, which rides on the model registry endpoints.

mlflow.genai.register_prompt / load_prompt / set_prompt_alias / search_prompts store prompts as
registered models and versions tagged mlflow.prompt.is_prompt = true (source "dummy-source",
the template in the version tag mlflow.prompt.text).
"""

import mlflow
import pytest
from mlflow.exceptions import MlflowException

from conftest import assert_mlflow_error


@pytest.fixture
def prompt_name(tracking_uri, unique):
    return unique("prompt").replace("-", "_")


def test_register_and_load_prompt(prompt_name):
    v1 = mlflow.genai.register_prompt(prompt_name, "Hello {{name}}!", commit_message="first",
                                      tags={"lang": "en"})
    assert v1.version == 1
    v2 = mlflow.genai.register_prompt(prompt_name, "Hi {{name}}, welcome.")
    assert v2.version == 2
    p1 = mlflow.genai.load_prompt(f"prompts:/{prompt_name}/1", cache_ttl_seconds=0)
    assert p1.template == "Hello {{name}}!"
    assert p1.format(name="Ada") == "Hello Ada!"
    assert p1.commit_message == "first"
    assert p1.tags.get("lang") == "en"
    p2 = mlflow.genai.load_prompt(prompt_name, version=2, cache_ttl_seconds=0)
    assert p2.template == "Hi {{name}}, welcome."
    latest = mlflow.genai.load_prompt(f"prompts:/{prompt_name}@latest", cache_ttl_seconds=0)
    assert latest.version == 2


def test_chat_prompt(prompt_name):
    messages = [{"role": "system", "content": "You are {{persona}}."},
                {"role": "user", "content": "{{question}}"}]
    mlflow.genai.register_prompt(prompt_name, messages)
    p = mlflow.genai.load_prompt(prompt_name, version=1, cache_ttl_seconds=0)
    assert p.template == messages
    assert p.format(persona="a pirate", question="Why?")[0]["content"] == "You are a pirate."


def test_prompt_aliases(prompt_name):
    mlflow.genai.register_prompt(prompt_name, "one {{x}}")
    mlflow.genai.register_prompt(prompt_name, "two {{x}}")
    mlflow.genai.set_prompt_alias(prompt_name, "production", 1)
    assert mlflow.genai.load_prompt(f"prompts:/{prompt_name}@production",
                                    cache_ttl_seconds=0).template == "one {{x}}"
    mlflow.genai.set_prompt_alias(prompt_name, "production", 2)
    assert mlflow.genai.load_prompt(f"prompts:/{prompt_name}@production",
                                    cache_ttl_seconds=0).template == "two {{x}}"
    mlflow.genai.delete_prompt_alias(prompt_name, "production")
    with pytest.raises(MlflowException):
        mlflow.genai.load_prompt(f"prompts:/{prompt_name}@production", cache_ttl_seconds=0)


def test_search_prompts_and_models_are_kept_apart(client, prompt_name):
    mlflow.genai.register_prompt(prompt_name, "text {{x}}")
    model_name = prompt_name + "_model"
    client.create_registered_model(model_name)
    prompts = mlflow.genai.search_prompts(f"name = '{prompt_name}'")
    assert [p.name for p in prompts] == [prompt_name]
    assert mlflow.genai.search_prompts(f"name = '{model_name}'") == []
    # ordinary model searches leave prompts out
    assert client.search_registered_models(f"name = '{prompt_name}'") == []
    assert [m.name for m in client.search_registered_models(f"name = '{model_name}'")] == [model_name]


def test_prompt_and_model_names_collide(client, api, prompt_name):
    mlflow.genai.register_prompt(prompt_name, "text {{x}}")
    body = assert_mlflow_error(api.post("registered-models/create", {"name": prompt_name}), 400,
                               "RESOURCE_ALREADY_EXISTS")
    assert "already taken by a prompt" in body["message"]


def test_prompt_version_source_must_be_a_placeholder(api, prompt_name):
    mlflow.genai.register_prompt(prompt_name, "text {{x}}")
    body = assert_mlflow_error(
        api.post("model-versions/create", {
            "name": prompt_name, "source": "s3://bucket/prompt",
            "tags": [{"key": "mlflow.prompt.is_prompt", "value": "true"}]}),
        400, "INVALID_PARAMETER_VALUE")
    assert body["message"].startswith("Invalid prompt source: 's3://bucket/prompt'.")


def test_prompt_tags_on_registered_model(api, prompt_name):
    mlflow.genai.register_prompt(prompt_name, "text {{x}}")
    rm = api.get("registered-models/get", {"name": prompt_name}).json()["registered_model"]
    assert {t["key"]: t["value"] for t in rm["tags"]}["mlflow.prompt.is_prompt"] == "true"
    mv = api.get("model-versions/get", {"name": prompt_name, "version": "1"}).json()["model_version"]
    tags = {t["key"]: t["value"] for t in mv["tags"]}
    assert tags["mlflow.prompt.text"] == "text {{x}}"
    assert tags["mlflow.prompt.is_prompt"] == "true"
    assert mv["source"] == "dummy-source"
