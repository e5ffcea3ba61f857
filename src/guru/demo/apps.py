from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "guru.demo"
    verbose_name = "Demoinnehåll"
