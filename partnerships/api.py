"""Placeholder: replaced by the health partners' API."""

from rest_framework import generics, viewsets


class MyPartnerProfileView(generics.GenericAPIView):
    pass


class CallViewSet(viewsets.ViewSet):
    pass


class ApplicationViewSet(viewsets.ViewSet):
    pass


class EngagementViewSet(viewsets.ViewSet):
    pass
